import {
  inFileOrder,
  readContactsCsv,
  type ContactsCsv,
  type FileProblem,
  type ReadContactsCsvResult,
} from '@outbound/adapters-csv';
import {
  DEFAULT_COMMAND_LIMITS,
  NAME_PART,
  NamingPolicy,
  parseCreateContactAndCampaignCommand,
  type CreateContactAndCampaignRequest,
  type Succeeded,
} from '@outbound/domain';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { importProgress } from './import-progress.js';
import { acceptedReport, columnsReport, count, problemsReport, successReport } from './import-report.js';
import type { ImportOutcome, ImportTarget } from './import-target.js';
import { PinoLogger } from './pino-logger.js';
import { ConfigError, readServerConfig, type ServerConfig } from './server-config.js';
import { ServerImportTarget } from './server-import-target.js';

const IMPORT_USAGE = [
  'usage: outbound import FILE.csv --id IDENTIFIER_NAME [options]',
  '  Reads a CSV file of contacts (its first line a header naming the columns) and creates a contact',
  '  list and a campaign over its rows, as POST /createContactAndCampaign does.',
  '  --id NAME                   the identifierName: the list is {BRAND_NAME}_contact_NAME, the campaign',
  '                              {BRAND_NAME}_campaign_NAME (required)',
  '  --url URL                   send the rows to the outbound server at URL, with the API key in the',
  '                              OUTBOUND_API_KEY environment variable; without --url the rows are stored',
  "                              in this process, in DATABASE_URL's storage (the server's default file)",
  '  --dry-run                   check every row, and write nothing',
  '  --delimiter CHAR            the character between cells: , (the default), ; or tab',
  '  --phone-column NAME         the column of phone numbers; phone_number, or else phone, Phone Number,',
  '                              mobile and the like, when not given',
  '  --name-column NAME          the column of names; name, or else Full Name and the like, when not given',
  '  --default-country-code CC   put +CC (as 91) before numbers written without + and with at most 10',
  '                              digits (a leading trunk 0 is dropped)',
  '  --retries N                 with --url, how many times to try again after a connection failure or',
  '                              an answer of 429, 500, 502, 503 or 504 (default 3)',
  '  -h, --help                  this help',
  '  Every other column becomes a custom field holding its text; an empty cell is left out of its row.',
  '  Exit codes: 0 done (a replay included), 1 rows rejected or the name taken with other rows,',
  '  2 usage error, 3 storage or server failure.',
].join('\n');

/** What `outbound import` exits with. */
const EXIT = { done: 0, rejected: 1, usage: 2, failed: 3 } as const;
const MOST_RETRIES = 10;

/** The command was called wrongly; the message says how. */
class UsageError extends Error {}

interface ImportArguments {
  readonly file: string;
  readonly identifierName: string;
  readonly url: URL | undefined;
  readonly dryRun: boolean;
  readonly delimiter: string;
  readonly phoneColumn: string | undefined;
  readonly nameColumn: string | undefined;
  readonly defaultCountryCode: string | undefined;
  readonly retries: number;
}

type Environment = Readonly<Record<string, string | undefined>>;

/** `outbound import`: the rows of a CSV file become a contact list and a campaign. Resolves to the exit code. */
export async function importCommand(args: readonly string[], env: Environment): Promise<number> {
  try {
    return await importFile(args, env);
  } catch (error) {
    // Whatever failed unforeseen (the file's disk, the storage) failed on the way to the storage.
    console.error(`outbound import: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }
}

async function importFile(args: readonly string[], env: Environment): Promise<number> {
  const startedAt = performance.now();
  let given: ImportArguments | 'help';
  try {
    given = importArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError || isParseArgsError(error))) throw error;
    console.error(`outbound import: ${error.message}\n${IMPORT_USAGE}`);
    return EXIT.usage;
  }
  if (given === 'help') {
    console.log(IMPORT_USAGE);
    return EXIT.done;
  }
  let config: ServerConfig;
  try {
    // The import serves nothing, so the rule that a production server needs keys is not its to apply.
    config = readServerConfig({ ...env, NODE_ENV: undefined });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`outbound import: ${error.message.replace(/^cannot start: /, '')}`);
    return EXIT.usage;
  }
  const { file } = given;

  let fileBytes: number;
  try {
    const found = await stat(file);
    if (!found.isFile()) {
      console.error(`outbound import: ${file} is not a file`);
      return EXIT.usage;
    }
    fileBytes = found.size;
  } catch (error) {
    console.error(`outbound import: cannot read ${file} (${errorCode(error)})`);
    return EXIT.usage;
  }

  const read = await readWithProgress(given, config, fileBytes, startedAt);
  if (!read.ok) {
    console.error(problemsReport(file, read.problems, read.problems.length));
    return read.byOption ? EXIT.usage : EXIT.rejected;
  }
  const contacts = read.contacts;
  console.log(columnsReport(file, contacts));
  const { maxRows } = config.limits;
  if (contacts.rowCount > maxRows) {
    console.error(
      `${file} holds ${count(contacts.rowCount, 'row')}, more than the ${count(maxRows, 'row')} MAX_ROWS allows in one import; nothing was written. Split the file, or raise MAX_ROWS (on the server too).`,
    );
    return EXIT.rejected;
  }

  if (contacts.rowCount === 0) {
    console.error(problemsReport(file, [{ line: null, column: null, message: 'has a header and no rows' }], 1));
    return EXIT.rejected;
  }

  const request: CreateContactAndCampaignRequest = {
    identifierName: given.identifierName,
    userData: contacts.userData,
  };
  if (given.dryRun || contacts.problemCount > 0)
    return checkWithoutWriting(request, contacts, given, config, startedAt);

  let target: ImportTarget;
  try {
    target = await openTarget(given, config, env);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`outbound import: ${error.message}`);
      return EXIT.usage;
    }
    console.error(
      `outbound import: cannot open the storage: ${error instanceof Error ? error.message : String(error)}`,
    );
    return EXIT.failed;
  }
  console.error(`checking and storing ${count(contacts.userData.length, 'row')} ${target.description}…`);
  let outcome: ImportOutcome;
  try {
    outcome = await target.send(request);
  } finally {
    await target.close();
  }
  return reportOutcome(outcome, file, contacts, performance.now() - startedAt);
}

/** Reads the file, telling the progress on stderr. */
async function readWithProgress(
  given: ImportArguments,
  config: ServerConfig,
  fileBytes: number,
  startedAt: number,
): Promise<ReadContactsCsvResult> {
  const progress = importProgress(process.stderr, fileBytes, startedAt);
  let lastStep = { bytesRead: 0, rowsRead: 0 };
  let read: ReadContactsCsvResult | undefined;
  try {
    read = await readContactsCsv(createReadStream(given.file), {
      delimiter: given.delimiter,
      phoneColumn: given.phoneColumn,
      nameColumn: given.nameColumn,
      defaultCountryCode: given.defaultCountryCode,
      limits: config.limits,
      onProgress: (step) => {
        lastStep = step;
        progress.update(step);
      },
    });
    return read;
  } finally {
    // Also when the reading fails: a bar left running would keep the terminal's cursor hidden.
    progress.stop(read?.ok === true ? { ...lastStep, rowsRead: read.contacts.rowCount } : lastStep);
  }
}

/**
 * A dry run, or a file whose own problems already rule out writing: the rows are checked here by
 * the use case's rules, and every problem told, the file's and the rows' together.
 */
function checkWithoutWriting(
  request: CreateContactAndCampaignRequest,
  contacts: ContactsCsv,
  given: ImportArguments,
  config: ServerConfig,
  startedAt: number,
): number {
  const checked = parseCreateContactAndCampaignCommand(request, config.limits);
  const problems: FileProblem[] = [...contacts.problems, ...(checked.valid ? [] : contacts.inFile(checked.problems))];
  const problemCount = contacts.problemCount + (checked.valid ? 0 : checked.problemCount);
  if (!checked.valid || problemCount > 0) {
    const listed = inFileOrder(problems).slice(0, DEFAULT_COMMAND_LIMITS.maxProblemsListed);
    console.error(problemsReport(given.file, listed, problemCount));
    return EXIT.rejected;
  }
  const naming = new NamingPolicy(config.brand);
  const { rows, duplicatesSkipped } = checked.command;
  const outcome: Succeeded = {
    code: 'succeeded',
    contactListName: naming.contactListName(given.identifierName),
    campaignName: naming.campaignName(given.identifierName),
    rowsStored: rows.length,
    duplicatesSkipped,
    replayed: false,
  };
  console.log(successReport(outcome, contacts, { dryRun: true, elapsedMs: performance.now() - startedAt }));
  return EXIT.done;
}

function reportOutcome(outcome: ImportOutcome, file: string, contacts: ContactsCsv, elapsedMs: number): number {
  switch (outcome.code) {
    case 'succeeded':
      console.log(successReport(outcome, contacts, { dryRun: false, elapsedMs }));
      return EXIT.done;
    case 'accepted':
      console.log(acceptedReport(outcome.message, elapsedMs));
      return EXIT.done;
    case 'invalid-command':
      console.error(problemsReport(file, contacts.inFile(outcome.problems), outcome.problemCount));
      return EXIT.rejected;
    case 'name-conflict':
      console.error(
        `outbound import: ${outcome.conflictingName} already holds other rows, so --id cannot name this file's; nothing was written. Import under another --id.`,
      );
      return EXIT.rejected;
    case 'unauthorized':
      console.error(
        'outbound import: the server refused the API key: set OUTBOUND_API_KEY to a key the server knows (its API_KEYS)',
      );
      return EXIT.usage;
    case 'refused':
      console.error(`outbound import: ${outcome.message}; nothing was written`);
      return outcome.byUsage ? EXIT.usage : EXIT.rejected;
    case 'storage-failed':
      console.error(`outbound import: ${outcome.message}; nothing was written`);
      return EXIT.failed;
  }
}

async function openTarget(given: ImportArguments, config: ServerConfig, env: Environment): Promise<ImportTarget> {
  const apiKey = env['OUTBOUND_API_KEY'] || undefined;
  if (given.url !== undefined) {
    return new ServerImportTarget({
      url: given.url,
      apiKey,
      retries: given.retries,
      onRetry: ({ attempt, of, reason, delayMs }) =>
        console.error(`${reason}; trying again in ${(delayMs / 1000).toFixed(1)} s (retry ${attempt} of ${of})`),
    });
  }
  // Logs go to stderr, and only warnings unless LOG_LEVEL says otherwise: stdout is the report.
  const logger = await PinoLogger.create({
    level: env['LOG_LEVEL'] ? config.logLevel : 'warn',
    format: config.logFormat,
    destination: process.stderr,
  });
  // Loaded only now: a dry run, a file with problems, or --url never needs knex and the adapters.
  const { openInProcessImportTarget } = await import('./in-process-import-target.js');
  return openInProcessImportTarget(config, logger, keyName(config, apiKey));
}

/**
 * With keys configured, the name of the key OUTBOUND_API_KEY holds, so that what is imported in
 * this process is recorded as that key's, and the key reads it back as if it had sent it over HTTP.
 */
function keyName(config: ServerConfig, apiKey: string | undefined): string | undefined {
  if (apiKey === undefined || config.apiKeys.length === 0) return undefined;
  // Whoever runs this reads the keys themselves, so a plain comparison gives nothing away.
  const name = config.apiKeys.find(({ secret }) => secret === apiKey)?.name;
  if (name === undefined) throw new UsageError('OUTBOUND_API_KEY is not one of the keys in API_KEYS or API_KEYS_FILE');
  return name;
}

function importArguments(args: readonly string[]): ImportArguments | 'help' {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      id: { type: 'string' },
      url: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      delimiter: { type: 'string', default: ',' },
      'phone-column': { type: 'string' },
      'name-column': { type: 'string' },
      'default-country-code': { type: 'string' },
      retries: { type: 'string', default: '3' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError('name the CSV file to import');
  if (extra.length > 0) throw new UsageError(`one file at a time (also given: ${extra.join(' ')})`);
  const identifierName = values.id;
  if (identifierName === undefined)
    throw new UsageError('--id is required: it names the contact list and the campaign');
  if (!NAME_PART.test(identifierName)) {
    throw new UsageError(`--id ${JSON.stringify(identifierName)} must be 1 to 64 characters from A-Z a-z 0-9 _ . -`);
  }
  return {
    file,
    identifierName,
    url: values.url === undefined ? undefined : serverUrl(values.url),
    dryRun: values['dry-run'],
    delimiter: delimiterOf(values.delimiter),
    phoneColumn: values['phone-column'],
    nameColumn: values['name-column'],
    defaultCountryCode: countryCodeOf(values['default-country-code']),
    retries: retriesOf(values.retries),
  };
}

function serverUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url ${JSON.stringify(text)} is not a URL (as https://outbound.example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url must be an http or https address (got ${url.protocol})`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new UsageError("--url must be the server's address, with no ? or # part");
  }
  if (url.username !== '' || url.password !== '') {
    throw new UsageError('--url must not hold a user or password: give the API key in OUTBOUND_API_KEY');
  }
  return url;
}

function delimiterOf(text: string): string {
  const delimiter = text === 'tab' || text === '\\t' ? '\t' : text;
  if ([...delimiter].length !== 1 || '"\r\n'.includes(delimiter)) {
    throw new UsageError(
      `--delimiter must be one character other than a quote or a line end (got ${JSON.stringify(text)})`,
    );
  }
  return delimiter;
}

function countryCodeOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const code = /^\+?([1-9]\d{0,2})$/.exec(text)?.[1];
  if (code === undefined)
    throw new UsageError(`--default-country-code must be 1 to 3 digits, as 91 (got ${JSON.stringify(text)})`);
  return code;
}

function retriesOf(text: string): number {
  const retries = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(retries <= MOST_RETRIES))
    throw new UsageError(`--retries must be a whole number from 0 to ${MOST_RETRIES} (got ${JSON.stringify(text)})`);
  return retries;
}

function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
};

function errorCode(error: unknown): string {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : String(error);
  return FILE_ERRORS[code] ?? code;
}
