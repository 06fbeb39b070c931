import type { CreateContactAndCampaignRequest } from '@outbound/domain';
import { IMPORT_USAGE, importArguments } from './import-arguments.js';
import { ImportExitCode } from './import-exit-code.js';
import { count } from './import-report.js';
import type { ImportOutcome, ImportTarget } from './import-target.js';
import { ImportUsageError } from './import-usage-error.js';
import { openImportTarget } from './open-import-target.js';
import { previewImport } from './preview-import.js';
import { readImportFile } from './read-import-file.js';
import { reportImportOutcome } from './report-import-outcome.js';
import { ConfigError, readServerConfig, type ServerConfig } from './server-config.js';

type Environment = Readonly<Record<string, string | undefined>>;

/** `outbound import`: the rows of a CSV file become a contact list and a campaign. Resolves to the exit code. */
export async function importCommand(args: readonly string[], env: Environment): Promise<ImportExitCode> {
  try {
    return await importFile(args, env);
  } catch (error) {
    // Whatever failed unforeseen (the file's disk, the storage) failed on the way to the storage.
    console.error(`outbound import: ${messageOf(error)}`);
    return ImportExitCode.failed;
  }
}

async function importFile(args: readonly string[], env: Environment): Promise<ImportExitCode> {
  const startedAt = performance.now();
  const parsed = importArguments(args);
  if (parsed.kind === 'help') {
    console.log(IMPORT_USAGE);
    return ImportExitCode.done;
  }
  if (parsed.kind === 'usage-error') {
    console.error(`outbound import: ${parsed.message}\n${IMPORT_USAGE}`);
    return ImportExitCode.usage;
  }
  const { given } = parsed;
  let config: ServerConfig;
  try {
    // The import serves nothing, so the rule that a production server needs keys is not its to apply.
    config = readServerConfig({ ...env, NODE_ENV: undefined });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`outbound import: ${error.message.replace(/^cannot start: /, '')}`);
    return ImportExitCode.usage;
  }

  const read = await readImportFile(given, config.limits, startedAt);
  if ('exitCode' in read) return read.exitCode;
  const { contacts } = read;
  const request: CreateContactAndCampaignRequest = {
    identifierName: given.identifierName,
    userData: contacts.userData,
  };
  if (given.dryRun || contacts.problemCount > 0) return previewImport(request, contacts, given.file, config, startedAt);

  let target: ImportTarget;
  try {
    target = await openImportTarget(given, config, env);
  } catch (error) {
    if (error instanceof ImportUsageError) {
      console.error(`outbound import: ${error.message}`);
      return ImportExitCode.usage;
    }
    console.error(`outbound import: cannot open the storage: ${messageOf(error)}`);
    return ImportExitCode.failed;
  }
  console.error(`checking and storing ${count(contacts.userData.length, 'row')} ${target.description}…`);
  let outcome: ImportOutcome;
  try {
    outcome = await target.send(request);
  } finally {
    await target.close();
  }
  return reportImportOutcome(outcome, given.file, contacts, performance.now() - startedAt);
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
