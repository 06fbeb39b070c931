import Database from 'better-sqlite3';

interface BareSqlite {
  readonly db: Database.Database;
  readonly insertList: Database.Statement;
  readonly insertContact: Database.Statement;
  readonly insertCampaign: Database.Statement;
  readonly insertCampaignRow: Database.Statement;
}

/**
 * An SQLite file opened with the bare driver as a hand-written service would, with the statements
 * every baseline writes rows with: a list, its contacts, a campaign on the list (found by its name)
 * and the campaign's rows.
 */
export function openBareSqlite(file: string): BareSqlite {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  return {
    db,
    /** Values: name, row_count, created_at_ms. */
    insertList: db.prepare('insert into contact_lists (name, row_count, created_at_ms) values (?, ?, ?)'),
    /** Values: contact_list_id, position, phone_number, name, other_details. */
    insertContact: db.prepare(
      'insert into contacts (contact_list_id, position, phone_number, name, other_details) values (?, ?, ?, ?, ?)',
    ),
    /** Values: name, the list's name, status, row_count, created_at_ms. */
    insertCampaign: db.prepare(
      "insert into campaigns (name, contact_list_id, status, row_count, created_at_ms) values (?, (select id from contact_lists where owner = '' and name = ?), ?, ?, ?)",
    ),
    /** Values: campaign_id, position, phone_number, name, other_details. */
    insertCampaignRow: db.prepare(
      'insert into campaign_rows (campaign_id, position, phone_number, name, other_details) values (?, ?, ?, ?, ?)',
    ),
  };
}
