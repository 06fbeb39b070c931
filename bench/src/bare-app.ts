// The baseline a database-backed outbound is measured against: a bare Koa app that parses the same
// body with @koa/bodyparser and writes the same rows into the same tables with the bare driver, as
// a careful hand-written service would (prepared statements on SQLite, a pool and multi-row INSERTs
// on MySQL, one transaction per table), and answers 200. A name already taken is a replay when the
// stored rows are the same: it reads them back and compares, as outbound does.
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import mysql from 'mysql2/promise';
import { openBareSqlite } from './bare-sqlite.js';

interface Body {
  readonly identifierName: string;
  readonly userData: readonly { readonly phone_number: string; readonly name?: string | null }[];
}

/** A row as the tables hold it: phone number, name, custom fields as JSON text. */
type StoredRow = readonly [string, string | null, string];

/** Writes one named record with its rows; true when stored or already stored with the same rows. */
interface BareStore {
  storeList(name: string, rows: readonly StoredRow[]): Promise<boolean>;
  storeCampaign(name: string, listName: string, rows: readonly StoredRow[]): Promise<boolean>;
}

const SUCCESS = { status: 'success', data: { message: 'Done' }, message: 'Contact and campaign created.' };

/** The bench's bodies carry canonical phone numbers, so the baseline stores them as they come. */
function storedRows({ userData }: Body): StoredRow[] {
  return userData.map(({ phone_number, name, ...otherDetails }) => [
    phone_number,
    name ?? null,
    JSON.stringify(otherDetails),
  ]);
}

const sameRows = (stored: readonly StoredRow[], rows: readonly StoredRow[]): boolean =>
  stored.length === rows.length &&
  stored.every((row, index) => row.every((value, column) => value === rows[index]?.[column]));

function sqliteStore(file: string): BareStore {
  const { db, insertList, insertContact, insertCampaign, insertCampaignRow } = openBareSqlite(file);
  const listRows = db
    .prepare(
      "select phone_number, name, other_details from contacts where contact_list_id = (select id from contact_lists where owner = '' and name = ?) order by position",
    )
    .raw();
  const campaignRows = db
    .prepare(
      "select phone_number, name, other_details from campaign_rows where campaign_id = (select id from campaigns where owner = '' and name = ?) order by position",
    )
    .raw();
  const storeOrCompare = (store: () => void, stored: () => unknown[], rows: readonly StoredRow[]): boolean => {
    try {
      store();
      return true;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      return sameRows(stored() as StoredRow[], rows);
    }
  };
  const storeList = db.transaction((name: string, rows: readonly StoredRow[]) => {
    const id = insertList.run(name, rows.length, Date.now()).lastInsertRowid;
    rows.forEach((row, position) => insertContact.run(id, position, ...row));
  });
  const storeCampaign = db.transaction((name: string, listName: string, rows: readonly StoredRow[]) => {
    const id = insertCampaign.run(name, listName, 'not-yet-started', rows.length, Date.now()).lastInsertRowid;
    rows.forEach((row, position) => insertCampaignRow.run(id, position, ...row));
  });
  return {
    storeList: async (name, rows) =>
      storeOrCompare(
        () => storeList(name, rows),
        () => listRows.all(name),
        rows,
      ),
    storeCampaign: async (name, listName, rows) =>
      storeOrCompare(
        () => storeCampaign(name, listName, rows),
        () => campaignRows.all(name),
        rows,
      ),
  };
}

function mysqlStore(url: string): BareStore {
  const pool = mysql.createPool({ uri: url, charset: 'utf8mb4', connectionLimit: 10 });
  const storeOrCompare = async (
    insertRecord: (connection: mysql.PoolConnection) => Promise<number>,
    table: 'contacts' | 'campaign_rows',
    owner: string,
    readStored: string,
    name: string,
    rows: readonly StoredRow[],
  ): Promise<boolean> => {
    const connection = await pool.getConnection();
    try {
      await connection.beginTransaction();
      try {
        const id = await insertRecord(connection);
        // In statements of 5,000 rows at most, as bulk-insert's baseline: a large request's rows in
        // one statement would pass MySQL's max_allowed_packet.
        for (let start = 0; start < rows.length; start += 5_000) {
          await connection.query(
            `insert into ${table} (${owner}, position, phone_number, name, other_details) values ?`,
            [rows.slice(start, start + 5_000).map((row, offset) => [id, start + offset, ...row])],
          );
        }
        await connection.commit();
        return true;
      } catch (error) {
        await connection.rollback();
        if ((error as { code?: string }).code !== 'ER_DUP_ENTRY') throw error;
      }
      const [stored] = await connection.query({ sql: readStored, values: [name], rowsAsArray: true });
      return sameRows(stored as StoredRow[], rows);
    } finally {
      connection.release();
    }
  };
  return {
    storeList: (name, rows) =>
      storeOrCompare(
        async (connection) => {
          const [list] = await connection.query<mysql.ResultSetHeader>(
            'insert into contact_lists (name, row_count, created_at_ms) values (?, ?, ?)',
            [name, rows.length, Date.now()],
          );
          return list.insertId;
        },
        'contacts',
        'contact_list_id',
        "select phone_number, name, other_details from contacts where contact_list_id = (select id from contact_lists where owner = '' and name = ?) order by position",
        name,
        rows,
      ),
    storeCampaign: (name, listName, rows) =>
      storeOrCompare(
        async (connection) => {
          const [campaign] = await connection.query<mysql.ResultSetHeader>(
            "insert into campaigns (name, contact_list_id, status, row_count, created_at_ms) values (?, (select id from contact_lists where owner = '' and name = ?), ?, ?, ?)",
            [name, listName, 'not-yet-started', rows.length, Date.now()],
          );
          return campaign.insertId;
        },
        'campaign_rows',
        'campaign_id',
        "select phone_number, name, other_details from campaign_rows where campaign_id = (select id from campaigns where owner = '' and name = ?) order by position",
        name,
        rows,
      ),
  };
}

/** Bare Koa parsing the body, with nothing after it yet. */
function bareKoa(): Koa {
  const app = new Koa();
  // A request still in flight when a round ends meets its tables being emptied (a deadlock on
  // MySQL); its failure reaches no one. A failure within a round is counted by the bench.
  app.silent = true;
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: 32 * 1024 * 1024, encoding: 'utf-8' }));
  return app;
}

/**
 * Bare Koa keeping the rows of each new name, as parsed, in a map, and answering 200: what any
 * server that keeps what it is sent in its own memory pays for keeping it (the collector moves and
 * traces a heap that grows with every new name), which bare Koa answering at once does not.
 */
export function bareKeepingApp(): Koa {
  const app = bareKoa();
  const kept = new Map<string, Body['userData']>();
  app.use((ctx) => {
    const { identifierName, userData } = ctx.request.body as Body;
    if (!kept.has(identifierName)) kept.set(identifierName, userData);
    ctx.body = SUCCESS;
  });
  return app;
}

/** The bare app over `databaseUrl` (`memory:` parses and answers only). */
export function bareApp(databaseUrl: string): Koa {
  const app = bareKoa();
  if (databaseUrl === 'memory:') {
    app.use((ctx) => {
      ctx.body = SUCCESS;
    });
    return app;
  }
  const store = databaseUrl.startsWith('sqlite://')
    ? sqliteStore(databaseUrl.slice('sqlite://'.length))
    : mysqlStore(databaseUrl);
  app.use(async (ctx) => {
    const body = ctx.request.body as Body;
    const rows = storedRows(body);
    const listName = `Bare_contact_${body.identifierName}`;
    const same =
      (await store.storeList(listName, rows)) &&
      (await store.storeCampaign(`Bare_campaign_${body.identifierName}`, listName, rows));
    ctx.status = same ? 200 : 409;
    ctx.body = SUCCESS;
  });
  return app;
}
