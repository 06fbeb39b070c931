import { inFileOrder, type ContactsCsv, type FileProblem } from '@outbound/adapters-csv';
import {
  DEFAULT_COMMAND_LIMITS,
  NamingPolicy,
  parseCreateContactAndCampaignCommand,
  type CreateContactAndCampaignRequest,
  type Succeeded,
} from '@outbound/domain';
import { ImportExitCode } from './import-exit-code.js';
import { problemsReport, successReport } from './import-report.js';
import type { ServerConfig } from './server-config.js';

/**
 * A dry run, or a file whose own problems already rule out writing: the rows are checked here by
 * the use case's rules, and every problem told, the file's and the rows' together.
 */
export function previewImport(
  request: CreateContactAndCampaignRequest,
  contacts: ContactsCsv,
  file: string,
  config: Pick<ServerConfig, 'brand' | 'limits'>,
  startedAt: number,
): ImportExitCode {
  const checked = parseCreateContactAndCampaignCommand(request, config.limits);
  const problems: FileProblem[] = [...contacts.problems, ...(checked.valid ? [] : contacts.inFile(checked.problems))];
  const problemCount = contacts.problemCount + (checked.valid ? 0 : checked.problemCount);
  if (!checked.valid || problemCount > 0) {
    const listed = inFileOrder(problems).slice(0, DEFAULT_COMMAND_LIMITS.maxProblemsListed);
    console.error(problemsReport(file, listed, problemCount));
    return ImportExitCode.rejected;
  }
  const naming = new NamingPolicy(config.brand);
  const { rows, duplicatesSkipped } = checked.command;
  const outcome: Succeeded = {
    code: 'succeeded',
    contactListName: naming.contactListName(request.identifierName),
    campaignName: naming.campaignName(request.identifierName),
    rowsStored: rows.length,
    duplicatesSkipped,
    replayed: false,
  };
  console.log(successReport(outcome, contacts, { dryRun: true, elapsedMs: performance.now() - startedAt }));
  return ImportExitCode.done;
}
