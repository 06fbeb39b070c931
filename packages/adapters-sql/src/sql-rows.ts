import type { ContactRow, JsonValue } from '@outbound/domain';
import type { Knex } from 'knex';
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

/** How many rows SQLite takes before the event loop gets a turn, so /healthz still answers during a large list. */
const SQLITE_ROWS_PER_TURN = 10_000;

/** The part of a better-sqlite3 connection used here. */
interface SqliteConnection {
  prepare(sql: string): { run(...parameters: unknown[]): unknown };
}

/** Inserts rows into their table within `trx`, never one round trip per row. */
export async function insertRows(
  trx: Knex.Transaction,
  rowTable: RowTable,
  ownerId: number,
  rows: readonly ContactRow[],
): Promise<void> {
  if (trx.client.config.client === 'better-sqlite3') await insertIntoSqlite(trx, rowTable, ownerId, rows);
  else await insertWithMultiRowValues(trx, rowTable, ownerId, rows);
}

/**
 * SQLite runs in-process, so one prepared statement run once a row, on the transaction's own
 * connection, is the fastest path: knex's multi-row insert compiles to UNION ALL capped at 500
 * rows, and binding tens of thousands of raw parameters through knex costs more than SQLite's work.
 */
async function insertIntoSqlite(
  trx: Knex.Transaction,
  { table, owner }: RowTable,
  ownerId: number,
  rows: readonly ContactRow[],
): Promise<void> {
  const connection = (await trx.client.acquireConnection()) as SqliteConnection;
  const statement = connection.prepare(
    `insert into ${table} (${owner}, position, phone_number, name, other_details) values (?, ?, ?, ?, ?)`,
  );
  for (let start = 0; start < rows.length; start += SQLITE_ROWS_PER_TURN) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    const end = Math.min(start + SQLITE_ROWS_PER_TURN, rows.length);
    for (let position = start; position < end; position += 1) {
      const row = rows[position] as ContactRow;
      statement.run(ownerId, position, row.phoneNumber, row.name, JSON.stringify(row.otherDetails));
    }
  }
}

/** MySQL: multi-row VALUES statements, bounded in rows and bytes. */
async function insertWithMultiRowValues(
  trx: Knex.Transaction,
  { table, owner }: RowTable,
  ownerId: number,
  rows: readonly ContactRow[],
): Promise<void> {
  let start = 0;
  while (start < rows.length) {
    const bindings: (string | number | null)[] = [];
    let bytes = 0;
    let end = start;
    while (end < rows.length && end - start < MAX_ROWS_PER_STATEMENT && bytes < MAX_BYTES_PER_STATEMENT) {
      const row = rows[end] as ContactRow;
      const otherDetails = JSON.stringify(row.otherDetails);
      bytes += otherDetails.length + 64;
      bindings.push(ownerId, end, row.phoneNumber, row.name, otherDetails);
      end += 1;
    }
    const values = Array.from({ length: end - start }, () => '(?, ?, ?, ?, ?)').join(', ');
    await trx.raw(
      `insert into ${table} (${owner}, position, phone_number, name, other_details) values ${values}`,
      bindings,
    );
    start = end;
  }
}

interface StoredRow {
  readonly phone_number: string;
  readonly name: string | null;
  readonly other_details: string;
}

/** The rows of one list or campaign, in their stored order. */
export async function readRows(knex: Knex, { table, owner }: RowTable, ownerId: number): Promise<ContactRow[]> {
  const stored: StoredRow[] = await knex(table)
    .select('phone_number', 'name', 'other_details')
    .where(owner, ownerId)
    .orderBy('position');
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

/** Runs a transaction, again when the database aborted it to break a deadlock (at most three times). */
export async function inTransaction<T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await knex.transaction(work);
    } catch (error) {
      if (!isDeadlock(error) || attempt === 3) throw error;
    }
  }
}
