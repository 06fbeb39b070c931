import type { ContactsCsv } from '@outbound/adapters-csv';
import { ImportExitCode } from './import-exit-code.js';
import { acceptedReport, problemsReport, successReport } from './import-report.js';
import type { ImportOutcome } from './import-target.js';

/** Tells what became of the rows, the report on stdout and a failure on stderr, and answers the exit code. */
export function reportImportOutcome(
  outcome: ImportOutcome,
  file: string,
  contacts: ContactsCsv,
  elapsedMs: number,
): ImportExitCode {
  switch (outcome.code) {
    case 'succeeded':
      console.log(successReport(outcome, contacts, elapsedMs));
      return ImportExitCode.done;
    case 'accepted':
      console.log(acceptedReport(outcome.message, elapsedMs));
      return ImportExitCode.done;
    case 'invalid-command':
      console.error(problemsReport(file, contacts.inFile(outcome.problems), outcome.problemCount));
      return ImportExitCode.rejected;
    case 'name-conflict':
      console.error(
        `outbound import: ${outcome.conflictingName} already holds other rows, so --id cannot name this file's; nothing was written. Import under another --id.`,
      );
      return ImportExitCode.rejected;
    case 'unauthorized':
      console.error(
        'outbound import: the server refused the API key: set OUTBOUND_API_KEY to a key the server knows (its API_KEYS)',
      );
      return ImportExitCode.usage;
    case 'refused':
      console.error(`outbound import: ${outcome.message}; nothing was written`);
      return outcome.byUsage ? ImportExitCode.usage : ImportExitCode.rejected;
    case 'storage-failed':
      console.error(`outbound import: ${outcome.message}; nothing was written`);
      return ImportExitCode.failed;
  }
}
