import { sameJsonValue, type ContactRow, type JsonValue, type OwnedName, type RowPageQuery } from '@outbound/domain';
import type { Knex } from 'knex';
import {
  builtOnce,
  inWriteTransaction,
  type DriverSession,
  type SqlValue,
  withDriverSession,
} from './driver-session.js';
import { retryRefused } from './lock-wait.js';
import { ownerColumn } from './owner-column.js';
import { allRowsOf, insertRows, rowsFrom, type RowTable } from './sql-statements.js';

/**
 * Rows per MySQL statement: a statement stops growing at 2,000 rows or about 4 MB of custom fields,
 * well under MySQL's max_allowed_packet (16 MiB by default on MariaDB).
 */
const MAX_ROWS_PER_STATEMENT = 2_000;
const MAX_BYTES_PER_STATEMENT = 4_000_000;

/**
 * Rows per SQLite statement: 1,000 rows bind 5,000 values, well under SQLite's 32,766. Rows short
 * of a whole statement go in statements of a power of two rows each (10 rows: 8, then 2), so a
 * connection prepares at most eleven statements per table, not one per row count.
 */
const SQLITE_ROWS_PER_STATEMENT = 1_000;

/** How many of `remaining` rows the next SQLite statement inserts. */
function sqliteStatementRows(remaining: number): number {
  return remaining >= SQLITE_ROWS_PER_STATEMENT ? SQLITE_ROWS_PER_STATEMENT : 2 ** Math.floor(Math.log2(remaining));
}

/**
 * The text of each SQLite row statement, by table and then by row count (eleven at most per table).
 * MySQL prepares none of its statements, so its texts are built for each.
 */
const sqliteInsertRows = builtOnce((rowTable: RowTable) =>
  builtOnce((rowCount: number) => insertRows(rowTable, rowCount)),
);

/** Inserts rows into their table within the session's transaction, never one round trip per row on MySQL. */
async function insertRowsOf(
  session: DriverSession,
  rowTable: RowTable,
  parentId: number,
  rows: readonly ContactRow[],
): Promise<void> {
  const detailsJson = detailsJsonOf(rows);
  let start = 0;
  while (start < rows.length) {
    const values: SqlValue[] = [];
    let end = start;
    let statement: string;
    if (session.driver === 'better-sqlite3') {
      end = start + sqliteStatementRows(rows.length - start);
      for (let position = start; position < end; position += 1) pushRow(values, parentId, position, rows, detailsJson);
      statement = sqliteInsertRows(rowTable)(end - start);
      // The event loop gets a turn between large statements: better-sqlite3 runs each synchronously.
      if (start > 0 && end - start === SQLITE_ROWS_PER_STATEMENT) await new Promise((resolve) => setImmediate(resolve));
    } else {
      let bytes = 0;
      while (end < rows.length && end - start < MAX_ROWS_PER_STATEMENT && bytes < MAX_BYTES_PER_STATEMENT) {
        bytes += pushRow(values, parentId, end, rows, detailsJson) + 64;
        end += 1;
      }
      statement = insertRows(rowTable, end - start);
    }
    await session.insert(statement, values);
    start = end;
  }
}

/**
 * The custom fields' JSON text of each of a request's rows: the use case stores the same rows in
 * its list and then in its campaign, and the text is built once for both. Kept by the array, one
 * entry a request (an entry a row would cost the collector more than the text saves); the rows are
 * never changed once built, so the text stays right, and it goes with them.
 */
const detailsJsonOf = builtOnce(
  (rows: readonly ContactRow[]): readonly string[] => rows.map((row) => JSON.stringify(row.otherDetails)),
  new WeakMap<readonly ContactRow[], readonly string[]>(),
);

/** Adds a row's values in the column order of {@link insertRows}; the length of its custom fields' JSON. */
function pushRow(
  values: SqlValue[],
  parentId: number,
  position: number,
  rows: readonly ContactRow[],
  detailsJson: readonly string[],
): number {
  const row = rows[position] as ContactRow;
  const json = detailsJson[position] as string;
  values.push(parentId, position, row.phoneNumber, row.name, json);
  return json.length;
}

/** A named record to read with its rows (see {@link readWithRows}). */
export interface RecordToRead<Rows> {
  /** The `…_BY_NAME` statement that reads the record (its id and row_count first), and its owner and name. */
  readonly recordByName: string;
  readonly key: OwnedName;
  /** The table of its rows. */
  readonly rowTable: RowTable;
  /** What is made of its rows. */
  readonly reading: RowsReading<Rows>;
}

/**
 * What {@link storeWithRows} stores, and how it reads the record that holds the name already (as
 * {@link RecordToRead}, its rows in the same table).
 */
export interface RecordToStore<Rows> extends RecordToRead<Rows> {
  /** Inserts the record with {@link DriverSession.insertNamed}. */
  readonly insertRecord: (session: DriverSession) => Promise<number | null>;
  readonly rows: readonly ContactRow[];
}

/**
 * What {@link storeWithRows} did: stored the record and its rows, or found another record holding
 * the name and read it (null when it was removed before it could be read).
 */
export type StoreOutcome<Rows> =
  { readonly stored: true } | { readonly stored: false; readonly holder: RecordWithRows<Rows> | null };

/**
 * Stores a named record and all its rows in one transaction. When another record holds the name,
 * nothing is stored, and the record holding it is read in the same transaction: a replay, which
 * finds its own record there, then borrows a connection once, and on SQLite reads under the write
 * lock it already holds instead of opening two read transactions. A failure of the rows is thrown
 * as it is.
 */
export async function storeWithRows<Rows>(knex: Knex, record: RecordToStore<Rows>): Promise<StoreOutcome<Rows>> {
  return inWriteTransaction(knex, async (session): Promise<StoreOutcome<Rows>> => {
    const id = await record.insertRecord(session);
    // The transaction then holds nothing; committing it ends it as a rollback would.
    if (id === null) return { stored: false, holder: await readRecordWithRows(session, record) };
    await insertRowsOf(session, record.rowTable, id, record.rows);
    return { stored: true };
  });
}

/** A record as a `…_BY_NAME` statement selects it, and what was made of its rows. */
export interface RecordWithRows<Rows> {
  readonly rowCount: number;
  /** The columns after the id and row_count. */
  readonly record: readonly unknown[];
  readonly rows: Rows;
}

/** A stored row as {@link rowsFrom} selects it: phone_number, name, other_details (JSON text). */
type StoredRow = readonly unknown[];

/** What {@link readWithRows} makes of the rows it read. */
export type RowsReading<Rows> = (stored: readonly StoredRow[]) => Rows;

/** The stored rows as rows. */
export const parsedRows: RowsReading<ContactRow[]> = (stored) =>
  stored.map(([phoneNumber, name, otherDetails]) => ({
    phoneNumber: phoneNumber as string,
    name: name as string | null,
    otherDetails: JSON.parse(otherDetails as string) as Record<string, JsonValue>,
  }));

/**
 * Whether the stored rows are `rows`, compared as values (custom fields in another key order are
 * the same). A replay's rows were stored by this same code, so their custom fields' text is
 * compared first, and parsed only when it differs: a replay then builds no objects.
 */
export const sameRowsAs =
  (rows: readonly ContactRow[]): RowsReading<boolean> =>
  (stored) => {
    if (stored.length !== rows.length) return false;
    const detailsJson = detailsJsonOf(rows);
    return stored.every(([phoneNumber, name, otherDetails], position) => {
      const row = rows[position] as ContactRow;
      return (
        phoneNumber === row.phoneNumber &&
        name === row.name &&
        (otherDetails === detailsJson[position] ||
          sameJsonValue(JSON.parse(otherDetails as string) as JsonValue, row.otherDetails))
      );
    });
  };

/**
 * Reads a record with its `…_BY_NAME` statement and its rows (all of them, or a page), made into
 * what its `reading` makes of them; null when no record has the name, or when it was removed
 * between the two statements (its rows are then fewer than it promised).
 */
export async function readWithRows<Rows>(
  knex: Knex,
  record: RecordToRead<Rows>,
  page?: RowPageQuery,
): Promise<RecordWithRows<Rows> | null> {
  return withDriverSession(knex, (session) => readRecordWithRows(session, record, page));
}

/** {@link readWithRows} on a session already borrowed. */
async function readRecordWithRows<Rows>(
  session: DriverSession,
  { recordByName, key, rowTable, reading }: RecordToRead<Rows>,
  page?: RowPageQuery,
): Promise<RecordWithRows<Rows> | null> {
  const [record] = await session.select(recordByName, [ownerColumn(key.createdBy), key.name]);
  if (record === undefined) return null;
  const [id, storedRowCount] = record;
  const rowCount = Number(storedRowCount);
  const fromPosition = page?.fromPosition ?? 0;
  const limit = page?.limit ?? rowCount;
  const selected =
    page === undefined
      ? await session.select(allRowsOf(rowTable), [id as number])
      : await session.select(rowsFrom(rowTable), [id as number, fromPosition, limit]);
  if (selected.length !== Math.max(0, Math.min(limit, rowCount - fromPosition))) return null;
  return { rowCount, record: record.slice(2), rows: reading(selected) };
}

/**
 * Runs a transaction of knex queries, again when refused before it changed anything. A write
 * transaction's first statement should write, so that on SQLite it takes the write lock before
 * reading: one that reads first is refused at its first write whenever another process wrote
 * meanwhile, and starts over.
 */
export function inTransaction<T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return retryRefused(knex, () => knex.transaction(work));
}
