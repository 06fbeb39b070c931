// The SQL the adapters send through the driver (driver-session.ts), in one place, written once for
// both databases. Queries built with knex stay beside their adapter.

import { builtOnce } from './driver-session.js';

/** The tables that hold a list's or a campaign's rows, and the column naming the record they belong to. */
export type RowTable =
  | { readonly table: 'contacts'; readonly parent: 'contact_list_id' }
  | { readonly table: 'campaign_rows'; readonly parent: 'campaign_id' };

export const CONTACT_ROWS: RowTable = { table: 'contacts', parent: 'contact_list_id' };
export const CAMPAIGN_ROWS: RowTable = { table: 'campaign_rows', parent: 'campaign_id' };

// Lists and campaigns are found by owner and name, the columns of their unique index, in that
// order; the owner is '' for what belongs to no owner (owner-column.ts).

/** Values: owner, name, row_count, created_at_ms. */
export const INSERT_CONTACT_LIST =
  'insert into contact_lists (owner, name, row_count, created_at_ms) values (?, ?, ?, ?)';

/**
 * Values: owner, name, the owner again and the contact list's name, status, row_count,
 * created_at_ms. The list's id is looked up by the insert itself, among its owner's lists only, so
 * the statement that takes SQLite's write lock comes first, and a list that is not there leaves
 * the column empty (a NOT NULL violation).
 */
export const INSERT_CAMPAIGN =
  'insert into campaigns (owner, name, contact_list_id, status, row_count, created_at_ms) values (?, ?, (select id from contact_lists where owner = ? and name = ?), ?, ?, ?)';

const ONE_ROW = '(?, ?, ?, ?, ?)';

/** Values: for each of `rowCount` rows, the parent record's id, position, phone_number, name, other_details. */
export function insertRows({ table, parent }: RowTable, rowCount: number): string {
  return `insert into ${table} (${parent}, position, phone_number, name, other_details) values ${ONE_ROW}${`, ${ONE_ROW}`.repeat(rowCount - 1)}`;
}

// A named record, then its rows from a position on by the record's id. Rows never change once
// stored, and the record's row_count says how many there are, so rows fewer than it promises mean
// the record was removed meanwhile: no transaction is needed for the two to agree. The primary key
// (parent, position) serves the rows' filter and order, so a page costs the same wherever it starts.
// (One statement joining the two would have MariaDB sort every row of the list.)

/** Values: owner, name. Columns: id, row_count, name, created_at_ms, owner. */
export const CONTACT_LIST_BY_NAME =
  'select id, row_count, name, created_at_ms, owner from contact_lists where owner = ? and name = ?';

/** Values: owner, name. Columns: id, row_count, name, contact list name, status, created_at_ms, owner. */
export const CAMPAIGN_BY_NAME = `select c.id, c.row_count, c.name, l.name, c.status, c.created_at_ms, c.owner
  from campaigns c
  join contact_lists l on l.id = c.contact_list_id
  where c.owner = ? and c.name = ?`;

const ROW_COLUMNS = 'phone_number, name, other_details';

/** Values: the parent record's id, fromPosition, limit. Columns: phone_number, name, other_details. */
export const rowsFrom = builtOnce(
  ({ table, parent }: RowTable) =>
    `select ${ROW_COLUMNS} from ${table} where ${parent} = ? and position >= ? order by position limit ?`,
);

/**
 * Values: the parent record's id. Columns: as {@link rowsFrom}, every row. A whole read (a replay's
 * comparison) goes without the page's LIMIT, which makes SQLite's read of a few rows slower.
 */
export const allRowsOf = builtOnce(
  ({ table, parent }: RowTable) => `select ${ROW_COLUMNS} from ${table} where ${parent} = ? order by position`,
);
