// The SQL the adapters send through the driver (driver-session.ts), in one place, written once for
// both databases. Queries built with knex stay beside their adapter.

/** The tables that hold a list's or a campaign's rows, and the column naming the owner. */
export type RowTable =
  | { readonly table: 'contacts'; readonly owner: 'contact_list_id' }
  | { readonly table: 'campaign_rows'; readonly owner: 'campaign_id' };

export const CONTACT_ROWS: RowTable = { table: 'contacts', owner: 'contact_list_id' };
export const CAMPAIGN_ROWS: RowTable = { table: 'campaign_rows', owner: 'campaign_id' };

/** Values: name, row_count, created_at_ms, created_by. */
export const INSERT_CONTACT_LIST =
  'insert into contact_lists (name, row_count, created_at_ms, created_by) values (?, ?, ?, ?)';

/**
 * Values: name, the contact list's name, status, row_count, created_at_ms, created_by. The list's
 * id is looked up by the insert itself, so the statement that takes SQLite's write lock comes
 * first, and a list that is not there leaves the column empty (a NOT NULL violation).
 */
export const INSERT_CAMPAIGN =
  'insert into campaigns (name, contact_list_id, status, row_count, created_at_ms, created_by) values (?, (select id from contact_lists where name = ?), ?, ?, ?, ?)';

const ONE_ROW = '(?, ?, ?, ?, ?)';

/** Values: for each of `rowCount` rows, the owner's id, position, phone_number, name, other_details. */
export function insertRows({ table, owner }: RowTable, rowCount: number): string {
  return `insert into ${table} (${owner}, position, phone_number, name, other_details) values ${ONE_ROW}${`, ${ONE_ROW}`.repeat(rowCount - 1)}`;
}

// A named record and its rows from a position on, in one statement, so the two are read from one
// snapshot without a transaction. Each row repeats the record's columns; a record without rows in
// range comes as one row whose row columns are null. The primary key (owner, position) serves the
// filter and the order, so a page costs the same wherever it starts.

/** A row's columns, last in every `…_WITH_ROWS` statement. */
const ROW_COLUMNS = 'r.phone_number, r.name, r.other_details';

/**
 * Values: fromPosition, name, limit. Columns: name, row_count, created_at_ms, created_by, then
 * the row's columns.
 */
export const CONTACT_LIST_WITH_ROWS = `select l.name, l.row_count, l.created_at_ms, l.created_by, ${ROW_COLUMNS}
  from contact_lists l
  left join contacts r on r.contact_list_id = l.id and r.position >= ?
  where l.name = ?
  order by r.position
  limit ?`;

/**
 * Values: fromPosition, name, limit. Columns: name, contact list name, status, row_count,
 * created_at_ms, created_by, then the row's columns.
 */
export const CAMPAIGN_WITH_ROWS = `select c.name, l.name, c.status, c.row_count, c.created_at_ms, c.created_by, ${ROW_COLUMNS}
  from campaigns c
  join contact_lists l on l.id = c.contact_list_id
  left join campaign_rows r on r.campaign_id = c.id and r.position >= ?
  where c.name = ?
  order by r.position
  limit ?`;
