import {
  clipped,
  commandLimits,
  parseCreateContactAndCampaignCommand,
  withDefaultCountryCode,
  type CommandLimits,
  type UserDataRow,
} from '@outbound/domain';
import { CsvError, parse } from 'csv-parse';
import { pipeline } from 'node:stream/promises';
import { ContactsCsv, rowField } from './contacts-csv.js';
import { chooseCsvColumns, type CsvColumnChoice, type CsvColumns } from './csv-columns.js';
import { decodeUtf16Be } from './decode-utf16-be.js';
import type { FileProblem } from './file-problem.js';

export interface CsvProgress {
  /** Bytes of the file read so far. */
  readonly bytesRead: number;
  /** Rows read so far, the header and blank lines not counted. */
  readonly rowsRead: number;
}

export interface ReadContactsCsvOptions extends CsvColumnChoice {
  /** The character between cells; `,` when not given. */
  readonly delimiter?: string;
  /** The calling code (digits, as `91`) given to national numbers; see `withDefaultCountryCode`. */
  readonly defaultCountryCode?: string;
  /** The limits the rows will be checked against: reading stops at the first row past `maxRows`, counted, not kept. */
  readonly limits?: Partial<CommandLimits>;
  /** Called as the file is read, once per chunk. */
  readonly onProgress?: (progress: CsvProgress) => void;
}

/** The file cannot be imported as it is: its header, or its CSV, is broken. */
export interface UnreadableCsv {
  readonly problems: readonly FileProblem[];
  /** True when the problem is an option naming a column the header lacks. */
  readonly byOption: boolean;
}

export type ReadContactsCsvResult =
  { readonly ok: true; readonly contacts: ContactsCsv } | ({ readonly ok: false } & UnreadableCsv);

const HEADER_LINE = 1;
const NOT_UTF8 = 'is not UTF-8 text; save the file as CSV in UTF-8';
const NUL_IN_HEADER =
  'is not UTF-8 text: its header holds NUL characters, as UTF-16 saved without a byte order mark does; save the file as CSV in UTF-8';
/** A phone number no rule refuses, to check the header's column names as a row's keys. */
const ANY_PHONE_NUMBER = '+10000000000';

/**
 * What a person can act on, by csv-parse's code: its own messages quote the cell, however long,
 * and whatever it holds. (With quotes relaxed, a quote never closed is the one way left to break
 * quoting.)
 */
const CSV_SYNTAX: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed: a " opens it and none ends it before the end of the file',
};

/**
 * Reads a CSV file of contacts as a stream (header first; RFC 4180 quoting; UTF-8 with or without
 * a byte order mark, or UTF-16 with one; `\n`, `\r\n` or `\r` between records) into the
 * `userData` of a request.
 *
 * The phone column becomes `phone_number`, the name column `name`, every other named column a
 * custom field holding the cell's text; an empty cell is left out of its row, and a record of
 * empty cells (a blank line) is skipped. Each row keeps the physical line it starts on, counting
 * the header and lines inside quoted cells, so that any problem can be told against the file.
 */
export async function readContactsCsv(
  input: NodeJS.ReadableStream | AsyncIterable<Buffer | string>,
  options: ReadContactsCsvOptions = {},
): Promise<ReadContactsCsvResult> {
  const limits = commandLimits(options.limits);
  const parser = parse({
    bom: true,
    delimiter: options.delimiter ?? ',',
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    // A " inside a cell that is not quoted (5'11"), or after a quoted cell's closing quote, is kept as written.
    relax_quotes: true,
  });
  let bytesRead = 0;
  let reader: RowReader | undefined;
  let unreadable: UnreadableCsv | undefined;
  let line = HEADER_LINE;

  const countBytes = async function* (source: AsyncIterable<Buffer | string>) {
    for await (const chunk of source) {
      bytesRead += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      yield chunk;
      options.onProgress?.({ bytesRead, rowsRead: reader?.rowCount ?? 0 });
    }
  };
  const readRecords = async (records: AsyncIterable<string[]>) => {
    for await (const record of records) {
      if (reader === undefined) {
        // Spreadsheets leave spaces around names in a header; the names are read without them.
        const names = record.map((cell) => cell.trim());
        const header = headerColumns(names, options, limits);
        if (!header.ok) {
          unreadable = header;
          return;
        }
        reader = new RowReader(names, header.columns, options.defaultCountryCode, limits);
      } else {
        reader.read(record, line);
        // No row further on can make a file of too many rows one that may be imported.
        if (reader.stoppedAtLine !== null) return;
      }
      line += 1 + newlinesIn(record);
    }
  };
  try {
    await pipeline(input, countBytes, decodeUtf16Be, parser, readRecords);
  } catch (error) {
    // A header that cannot be read, or a row past the most kept, ends the reading, and the pipeline says it was cut short.
    if (unreadable !== undefined) return { ok: false, ...unreadable };
    if (reader !== undefined && reader.stoppedAtLine !== null) return { ok: true, contacts: reader.contacts() };
    if (!(error instanceof CsvError)) throw error;
    const message = CSV_SYNTAX[error.code] ?? `cannot be read as CSV from here on (${error.code})`;
    return { ok: false, problems: [{ line, column: null, message }], byOption: false };
  }
  if (unreadable !== undefined) return { ok: false, ...unreadable };
  if (reader === undefined) {
    return {
      ok: false,
      problems: [{ line: null, column: null, message: 'is empty: its first line must be a header naming the columns' }],
      byOption: false,
    };
  }
  return { ok: true, contacts: reader.contacts() };
}

function newlinesIn(record: readonly string[]): number {
  let count = 0;
  for (const cell of record) {
    for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) count += 1;
  }
  return count;
}

/**
 * Reads the header, and checks its column names against the domain's rules for a row's keys once,
 * here, rather than once for every row.
 */
function headerColumns(
  names: readonly string[],
  choice: CsvColumnChoice,
  limits: CommandLimits,
): { readonly ok: true; readonly columns: CsvColumns } | (UnreadableCsv & { readonly ok: false }) {
  // Text with NULs read as UTF-8 (UTF-16 without its mark, UTF-32) is no header: its names are not to be quoted.
  if (names.some((name) => name.includes('\u0000'))) {
    return { ok: false, problems: [{ line: null, column: null, message: NUL_IN_HEADER }], byOption: false };
  }
  const chosen = chooseCsvColumns(names, choice);
  if (!chosen.ok) {
    return {
      ok: false,
      problems: chosen.problems.map(({ message }) => ({ line: HEADER_LINE, column: null, message })),
      byOption: chosen.problems.some(({ byOption }) => byOption),
    };
  }
  const probe = Object.fromEntries([
    ['phone_number', ANY_PHONE_NUMBER],
    ...chosen.columns.custom.map((column) => [column, '']),
  ]) as UserDataRow;
  const checked = parseCreateContactAndCampaignCommand({ identifierName: 'header', userData: [probe] }, limits);
  if (checked.valid) return chosen;
  return {
    ok: false,
    problems: checked.problems.map(({ field, message }) => ({
      line: HEADER_LINE,
      column: rowField(field)?.key ?? null,
      message,
    })),
    byOption: false,
  };
}

/** Turns records into rows, keeping what a report needs: lines, problems, cells as written. */
class RowReader {
  rowCount = 0;
  /** The line of the first row past `maxRows`; null while there is none. */
  stoppedAtLine: number | null = null;
  private readonly userData: UserDataRow[] = [];
  private readonly lines: number[] = [];
  private readonly problems: FileProblem[] = [];
  private problemCount = 0;
  private readonly phoneCellsAsWritten = new Map<number, string>();
  /** Each cell's key in a row, by position: null for a column without a name. */
  private readonly keys: readonly (string | null)[];

  constructor(
    /** The header's names, as the columns were chosen by. */
    private readonly headerNames: readonly string[],
    private readonly columns: CsvColumns,
    private readonly countryCode: string | undefined,
    private readonly limits: CommandLimits,
  ) {
    this.keys = headerNames.map((column) => {
      if (column === '') return null;
      if (column === columns.phone) return 'phone_number';
      if (column === columns.name) return 'name';
      return column;
    });
  }

  read(record: readonly string[], line: number): void {
    const row: Record<string, string> = {};
    let empty = true;
    let cellsPastHeader = 0;
    for (let position = 0; position < record.length; position += 1) {
      const cell = record[position] as string;
      if (cell === '') continue;
      empty = false;
      const key = this.keys[position];
      if (key === undefined) cellsPastHeader += 1;
      else if (key === null)
        this.problem(line, null, `has a value in column ${position + 1}, which the header leaves without a name`);
      else {
        if (cell.includes('\uFFFD')) this.problem(line, clipped(this.headerNames[position] ?? key), NOT_UTF8);
        row[key] = cell;
      }
    }
    if (empty) return;
    if (cellsPastHeader > 0) {
      this.problem(line, null, `has ${record.length} cells, but the header names ${this.keys.length} columns`);
    }
    this.rowCount += 1;
    if (this.rowCount > this.limits.maxRows) {
      this.stoppedAtLine = line;
      return;
    }
    const phoneNumber = row['phone_number'];
    if (this.countryCode !== undefined && phoneNumber !== undefined) {
      const given = withDefaultCountryCode(phoneNumber, this.countryCode);
      if (given !== phoneNumber) {
        this.phoneCellsAsWritten.set(this.userData.length, phoneNumber);
        row['phone_number'] = given;
      }
    }
    this.userData.push(row as UserDataRow);
    this.lines.push(line);
  }

  contacts(): ContactsCsv {
    return new ContactsCsv({
      columns: this.columns,
      userData: this.userData,
      lines: this.lines,
      rowCount: this.rowCount,
      stoppedAtLine: this.stoppedAtLine,
      problems: this.problems,
      problemCount: this.problemCount,
      phoneCellsAsWritten: this.phoneCellsAsWritten,
    });
  }

  private problem(line: number, column: string | null, message: string): void {
    this.problemCount += 1;
    if (this.problems.length < this.limits.maxProblemsListed) this.problems.push({ line, column, message });
  }
}
