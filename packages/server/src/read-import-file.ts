import { readContactsCsv, type ContactsCsv, type ReadContactsCsvResult } from '@outbound/adapters-csv';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ImportArguments } from './import-arguments.js';
import { ImportExitCode } from './import-exit-code.js';
import { importProgress } from './import-progress.js';
import { columnsReport, count, grouped, problemsReport } from './import-report.js';
import type { ServerConfig } from './server-config.js';

/** The rows of a file that may be imported, or the exit code of one that may not, already told why. */
export type ReadImportFile = { readonly contacts: ContactsCsv } | { readonly exitCode: ImportExitCode };

/**
 * Reads the file the arguments name, telling the progress on stderr and, on stdout, which columns
 * the rows came from. A file that cannot be read, that its own problems make unreadable, or that
 * holds no rows or more than one import may, is told on stderr; the reading of the last stops at the
 * first row too many. Rows with problems still come back, so that the use case's own problems can be
 * told together with the file's.
 */
export async function readImportFile(
  given: ImportArguments,
  limits: ServerConfig['limits'],
  startedAt: number,
): Promise<ReadImportFile> {
  const { file } = given;
  let fileBytes: number;
  try {
    const found = await stat(file);
    if (!found.isFile()) {
      console.error(`outbound import: ${file} is not a file`);
      return { exitCode: ImportExitCode.usage };
    }
    fileBytes = found.size;
  } catch (error) {
    console.error(`outbound import: cannot read ${file} (${errorCode(error)})`);
    return { exitCode: ImportExitCode.usage };
  }

  const read = await readWithProgress(given, limits, fileBytes, startedAt);
  if (!read.ok) {
    console.error(problemsReport(file, read.problems, read.problems.length));
    return { exitCode: read.byOption ? ImportExitCode.usage : ImportExitCode.rejected };
  }
  const { contacts } = read;
  console.log(columnsReport(file, contacts));
  const { maxRows } = limits;
  if (contacts.stoppedAtLine !== null) {
    console.error(
      `${file} holds more than the ${count(maxRows, 'row')} MAX_ROWS allows in one import (reading stopped at line ${grouped.format(contacts.stoppedAtLine)}); nothing was written. Split the file, or raise MAX_ROWS (on the server too).`,
    );
    return { exitCode: ImportExitCode.rejected };
  }
  if (contacts.rowCount === 0) {
    console.error(problemsReport(file, [{ line: null, column: null, message: 'has a header and no rows' }], 1));
    return { exitCode: ImportExitCode.rejected };
  }
  return { contacts };
}

async function readWithProgress(
  given: ImportArguments,
  limits: ServerConfig['limits'],
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
      limits,
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

const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
};

function errorCode(error: unknown): string {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : String(error);
  return FILE_ERRORS[code] ?? code;
}
