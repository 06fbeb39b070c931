import { inFileOrder, type ContactsCsv } from '@outbound/adapters-csv';
import {
  DEFAULT_COMMAND_LIMITS,
  previewCreateContactAndCampaign,
  type CreateContactAndCampaignRequest,
} from '@outbound/domain';
import { ImportExitCode } from './import-exit-code.js';
import { dryRunReport, problemsReport } from './import-report.js';
import type { ServerConfig } from './server-config.js';

/**
 * A dry run, or a file whose own problems already rule out writing: the use case's preview tells
 * what it would store, with the settings a run stores with, and no storage is opened. Every
 * problem is told, the file's and the rows' together, in file order.
 */
export function previewImport(
  request: CreateContactAndCampaignRequest,
  contacts: ContactsCsv,
  file: string,
  { brand, limits }: Pick<ServerConfig, 'brand' | 'limits'>,
  startedAt: number,
): ImportExitCode {
  const preview = previewCreateContactAndCampaign(request, { brand, ...limits });
  if (preview.code === 'would-store' && contacts.problemCount === 0) {
    console.log(dryRunReport(preview, contacts, performance.now() - startedAt));
    return ImportExitCode.done;
  }
  const invalid = preview.code === 'invalid-command' ? preview : undefined;
  const problems = inFileOrder([...contacts.problems, ...contacts.inFile(invalid?.problems ?? [])]);
  const problemCount = contacts.problemCount + (invalid?.problemCount ?? 0);
  console.error(problemsReport(file, problems.slice(0, DEFAULT_COMMAND_LIMITS.maxProblemsListed), problemCount));
  return ImportExitCode.rejected;
}
