import type { ContactRow, JsonValue, RowPageQuery } from '@outbound/domain';
import type { Knex } from 'knex';
import { driverConnection, driverOf } from './knex-client.js';
import { lockWaitOf, retryWhileLocked } from './lock-wait.js';
import { isDeadlock, isUniqueViolation } from './sql-errors.js';

/** The tables that hold a list's or a campaign's rows, and the column naming the owner. */
export type RowTable =
  | { readonly table: 'contacts'; readonly owner: 'contact_list_id' }
  | { readonly table: 'campaign_rows'; readonly owner: 'campaign_id' };

export const CONTACT_ROWS: RowTable = { table: 'contacts', owner: 'contact_list_id' };
export const CAMPAIGN_ROWS: RowTable = { table: 'campaign_rows', owner: 'campaign_id' };

/**
 * Rows per MySQL statement: a statement stops growing at 2,000 rows or about 4 MB of custom fields,
 * well under MySQL's max_allowed_packet (16 MiB by default on MariaDB).
 */
const MAX_ROWS_PER_STATEMENT = 2_000;
const MAX_BYTES_PER_STATEMENT = 4_000_000;

/**
 * Rows per SQLite statement: 1,000 rows bind 5,000 values, well under SQLite's 32,766. (knex's own
 * multi-row insert compiles to UNION ALL there, capped at 500 rows and about half as fast.)
 */
const SQLITE_ROWS_PER_STATEMENT = 1_000;

/** The part of a better-sqlite3 connection used here. */
interface SqliteConnection {
  prepare(sql: string): { run(...parameters: unknown[]): unknown };
}

/** Inserts rows into their table within `trx`, never one round trip per row. */
async function insertRows(
  trx: Knex.Transaction,
  rowTable: RowTable,
  ownerId: number,
  rows: readonly ContactRow[],
): Promise<void> {
  if (driverOf(trx) === 'better-sqlite3') await insertIntoSqlite(trx, rowTable, ownerId, rows);
  else await insertWithMultiRowValues(trx, rowTable, ownerId, rows);
}

/**
 * SQLite: multi-row VALUES statements prepared once on the transaction's own connection and run
 * with plain arrays, because binding tens of thousands of values through knex's raw queries costs
 * more than SQLite's own work on a large list. The event loop gets a turn between statements.
 */
async function insertIntoSqlite(
  trx: Knex.Transaction,
  rowTable: RowTable,
  ownerId: number,
  rows: readonly ContactRow[],
): Promise<void> {
  const connection = await driverConnection<SqliteConnection>(trx);
  const statements = new Map<number, ReturnType<SqliteConnection['prepare']>>();
  for (let start = 0; start < rows.length; start += SQLITE_ROWS_PER_STATEMENT) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    const end = Math.min(start + SQLITE_ROWS_PER_STATEMENT, rows.length);
    let statement = statements.get(end - start);
    if (statement === undefined) {
      statement = connection.prepare(insertStatement(rowTable, end - start));
      statements.set(end - start, statement);
    }
    statement.run(valuesOf(ownerId, rows, start, rows.slice(start, end).map(otherDetailsJson)));
  }
}

/** MySQL: multi-row VALUES statements bounded in rows and bytes, through knex. */
async function insertWithMultiRowValues(
  trx: Knex.Transaction,
  rowTable: RowTable,
  ownerId: number,
  rows: readonly ContactRow[],
): Promise<void> {
  let start = 0;
  while (start < rows.length) {
    const details: string[] = [];
    let bytes = 0;
    while (
      start + details.length < rows.length &&
      details.length < MAX_ROWS_PER_STATEMENT &&
      bytes < MAX_BYTES_PER_STATEMENT
    ) {
      const json = otherDetailsJson(rows[start + details.length] as ContactRow);
      details.push(json);
      bytes += json.length + 64;
    }
    await trx.raw(insertStatement(rowTable, details.length), valuesOf(ownerId, rows, start, details));
    start += details.length;
  }
}

function insertStatement({ table, owner }: RowTable, rowCount: number): string {
  const values = Array.from({ length: rowCount }, () => '(?, ?, ?, ?, ?)').join(', ');
  return `insert into ${table} (${owner}, position, phone_number, name, other_details) values ${values}`;
}

const otherDetailsJson = (row: ContactRow): string => JSON.stringify(row.otherDetails);

/** The bound values of the rows from `start` on, one for each of `details`, in the column order of {@link insertStatement}. */
function valuesOf(
  ownerId: number,
  rows: readonly ContactRow[],
  start: number,
  details: readonly string[],
): (string | number | null)[] {
  const values: (string | number | null)[] = [];
  details.forEach((json, offset) => {
    const row = rows[start + offset] as ContactRow;
    values.push(ownerId, start + offset, row.phoneNumber, row.name, json);
  });
  return values;
}

interface StoredRow {
  readonly phone_number: string;
  readonly name: string | null;
  readonly other_details: string;
}

/** The rows of one list or campaign, in their stored order: all of them, or a page from a position on. */
export async function readRows(
  knex: Knex,
  { table, owner }: RowTable,
  ownerId: number,
  page?: RowPageQuery,
): Promise<ContactRow[]> {
  // The primary key (owner, position) serves both the filter and the order, so a page costs the same wherever it starts.
  const all = knex(table)
    .select<StoredRow[]>('phone_number', 'name', 'other_details')
    .where(owner, ownerId)
    .orderBy('position');
  const stored = await (page === undefined ? all : all.where('position', '>=', page.fromPosition).limit(page.limit));
  return stored.map((row) => ({
    phoneNumber: row.phone_number,
    name: row.name,
    otherDetails: JSON.parse(row.other_details) as Record<string, JsonValue>,
  }));
}

/** Raised inside a transaction when the record's name is taken, so it rolls back and the caller can tell. */
class NameTakenError extends Error {}

/**
 * Stores a named record and all its rows in one transaction. Answers `name-taken`, having stored
 * nothing, when another record holds the name; a failure of the rows is thrown as it is.
 */
export async function storeWithRows(
  knex: Knex,
  insertRecord: (trx: Knex.Transaction) => Promise<number>,
  rowTable: RowTable,
  rows: readonly ContactRow[],
): Promise<'stored' | 'name-taken'> {
  try {
    await inTransaction(knex, async (trx) => {
      const id = await insertRecord(trx).catch((error: unknown) => {
        throw isUniqueViolation(error) ? new NameTakenError() : error;
      });
      await insertRows(trx, rowTable, id, rows);
    });
    return 'stored';
  } catch (error) {
    if (error instanceof NameTakenError) return 'name-taken';
    throw error;
  }
}

/**
 * Runs a transaction, again when the database refused or aborted it before it changed anything:
 * while SQLite finds the file locked by another process (for up to the statement timeout), and when
 * InnoDB aborts it to break a deadlock (at most three times). A write transaction's first statement
 * should write, so that on SQLite it takes the write lock before reading: one that reads first is
 * refused at its first write whenever another process wrote meanwhile, and starts over.
 */
export async function inTransaction<T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return retryWhileLocked(lockWaitOf(knex), async () => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await knex.transaction(work);
      } catch (error) {
        if (!isDeadlock(error) || attempt === 3) throw error;
      }
    }
  });
}
