import { canonicalPhoneNumber, clipped, type Problem, type UserDataRow } from '@outbound/domain';
import type { CsvColumns } from './csv-columns.js';
import type { FileProblem } from './file-problem.js';

/** A row whose phone number an earlier row already has, by the lines of both. */
export interface RepeatedPhoneNumber {
  readonly line: number;
  readonly firstLine: number;
}

export interface RepeatedPhoneNumbers {
  /** The first rows found repeating a number, at most as many as asked for. */
  readonly first: readonly RepeatedPhoneNumber[];
  readonly count: number;
}

/** What {@link readContactsCsv} found in a file whose header could be read. */
export interface ContactsCsvParts {
  readonly columns: CsvColumns;
  readonly userData: readonly UserDataRow[];
  /** The line on which each row of `userData` starts. */
  readonly lines: readonly number[];
  readonly rowCount: number;
  readonly stoppedAtLine: number | null;
  readonly problems: readonly FileProblem[];
  readonly problemCount: number;
  /** The cells the default country code changed, by row, as the file wrote them. */
  readonly phoneCellsAsWritten: ReadonlyMap<number, string>;
}

const ROW_FIELD = /^userData\[(\d+)\](?:\.(.+)|\[(".*")\])?$/s;

/** Which row, and which key of it, a problem's field names (`userData[3].email`, `userData[3]["a b"]`); null for another field. */
export function rowField(field: string): { readonly index: number; readonly key: string | undefined } | null {
  const match = ROW_FIELD.exec(field);
  if (match === null) return null;
  return {
    index: Number(match[1]),
    key: match[2] ?? (match[3] === undefined ? undefined : (JSON.parse(match[3]) as string)),
  };
}

/**
 * The rows of a CSV file as `userData` of a request, and how to point a person back at the file:
 * the line each row starts on, and the domain's problems told by line and column.
 */
export class ContactsCsv {
  readonly columns: CsvColumns;
  /** The rows as a request's `userData`: every cell that is not empty, under its column's key. */
  readonly userData: readonly UserDataRow[];
  /** Rows read: all the file holds, or, when it holds too many, up to the first row past the most kept. */
  readonly rowCount: number;
  /**
   * The line of the first row past the most kept (`maxRows`), where the reading stopped, the rest
   * of the file unread; null when the file was read to its end.
   */
  readonly stoppedAtLine: number | null;
  /** What is wrong with the file itself (cells under no column, text that is not UTF-8), at most as many as asked for. */
  readonly problems: readonly FileProblem[];
  readonly problemCount: number;
  private readonly lines: readonly number[];
  private readonly phoneCellsAsWritten: ReadonlyMap<number, string>;

  constructor(parts: ContactsCsvParts) {
    this.columns = parts.columns;
    this.userData = parts.userData;
    this.rowCount = parts.rowCount;
    this.stoppedAtLine = parts.stoppedAtLine;
    this.problems = parts.problems;
    this.problemCount = parts.problemCount;
    this.lines = parts.lines;
    this.phoneCellsAsWritten = parts.phoneCellsAsWritten;
  }

  /** The physical line of the file (the header is line 1) on which row `index` of `userData` starts. */
  lineOf(index: number): number {
    const line = this.lines[index];
    if (line === undefined) throw new RangeError(`no row ${index} in a file of ${this.userData.length} rows`);
    return line;
  }

  /** The rows whose phone number, once canonical, an earlier row already has: the first `limit`, and how many in all. */
  repeatedPhoneNumbers(limit: number): RepeatedPhoneNumbers {
    const firstIndexOf = new Map<string, number>();
    const first: RepeatedPhoneNumber[] = [];
    let count = 0;
    this.userData.forEach((row, index) => {
      const phoneNumber = typeof row.phone_number === 'string' ? canonicalPhoneNumber(row.phone_number) : null;
      if (phoneNumber === null) return;
      const earlier = firstIndexOf.get(phoneNumber);
      if (earlier === undefined) {
        firstIndexOf.set(phoneNumber, index);
        return;
      }
      count += 1;
      if (first.length < limit) first.push({ line: this.lineOf(index), firstLine: this.lineOf(earlier) });
    });
    return { first, count };
  }

  /**
   * The domain's problems with the request made of this file, told by the file's lines and the
   * header's column names; a phone number or name is quoted as the file wrote it.
   */
  inFile(problems: readonly Problem[]): FileProblem[] {
    return problems.map((problem) => this.problemInFile(problem));
  }

  private problemInFile({ field, message }: Problem): FileProblem {
    const row = rowField(field);
    if (row === null) {
      return { line: null, column: null, message: field === 'userData' ? message : `${field} ${message}` };
    }
    const { index, key } = row;
    const line = this.lineOf(index);
    if (key === undefined) return { line, column: null, message };
    if (key !== 'phone_number' && key !== 'name') return { line, column: key, message };
    const written = key === 'phone_number' ? this.phoneCellsAsWritten.get(index) : undefined;
    const value = written ?? this.userData[index]?.[key];
    return {
      line,
      column: key === 'phone_number' ? this.columns.phone : (this.columns.name ?? key),
      message: typeof value === 'string' ? `${JSON.stringify(clipped(value))} ${message}` : message,
    };
  }
}
