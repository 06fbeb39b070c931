import type { ContactRow, JsonValue } from '@outbound/domain';
import type { Knex } from 'knex';
import { isDeadlock } from './sql-errors.js';

/** The tables that hold a list's or a campaign's rows, and the column naming the owner. */
export type RowTable =
  | { readonly table: 'contacts'; readonly owner: 'contact_list_id' }
  | { readonly table: 'campaign_rows'; readonly owner: 'campaign_id' };

export const CONTACT_ROWS: RowTable = { table: 'contacts', owner: 'contact_list_id' };
export const CAMPAIGN_ROWS: RowTable = { table: 'campaign_rows', owner: 'campaign_id' };

/**
 * Rows per statement: SQLite allows 32,766 bound values (5 a row), and MySQL refuses statements
 * larger than its max_allowed_packet (16 MiB by default on MariaDB), so a statement also stops
 * growing at about 4 MB of custom fields.
 */
const MAX_ROWS_PER_STATEMENT = 2_000;
const MAX_BYTES_PER_STATEMENT = 4_000_000;

/**
 * Inserts rows with multi-row VALUES statements, never one row at a time. knex's own multi-row
 * insert compiles to UNION ALL on SQLite, capped at 500 rows and about half as fast.
 */
export async function insertRows(
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
