// One request of 100,000 rows, custom fields included, end to end through HTTP on SQLite and on
// MySQL, beside a baseline in the same run that inserts the same rows into the same tables with
// the bare driver; plus the server's peak RSS during the request. Rounds alternate.
import { emptyTables, openMysqlDatabase, openSqliteDatabase, type TestDatabase } from '@outbound/adapters-sql/testing';
import { canonicalPhoneNumber } from '@outbound/domain';
import Database from 'better-sqlite3';
import { startOutbound } from '@outbound/server/testing';
import mysql from 'mysql2/promise';
import { elapsedSeconds } from './elapsed-seconds.js';
import { median } from './median.js';
import { peakRssMb } from './peak-rss.js';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 100_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const TIME_RATIO_TARGET = 2;
const PEAK_RSS_TARGET_MB = 512;

const userData = Array.from({ length: ROWS }, (_, index) => ({
  phone_number: `+1 ${String(2_000_000_000 + index)}`,
  name: `Person ${index}`,
  email: `person${index}@example.com`,
  company: 'Acme Corp',
  plan: { tier: index % 3, tags: ['gold', 'ü'] },
}));
const body = JSON.stringify({ identifierName: 'bulk', userData });

/** The rows as they are stored: what the baseline writes. */
const storedRows = userData.map(({ phone_number, name, ...otherDetails }) => ({
  phoneNumber: canonicalPhoneNumber(phone_number) as string,
  name,
  otherDetails,
}));

interface BenchDatabase extends TestDatabase {
  readonly label: string;
  /** Inserts a list and a campaign over `storedRows` with the bare driver. */
  baseline(): Promise<void>;
}

async function sqliteDatabase(): Promise<BenchDatabase> {
  const database = await openSqliteDatabase('outbound_bench');
  const file = database.url.replace(/^sqlite:\/\//, '');
  return {
    ...database,
    label: 'SQLite',
    baseline: async () => {
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      const insertList = db.prepare('insert into contact_lists (name, row_count, created_at_ms) values (?, ?, ?)');
      const insertCampaign = db.prepare(
        'insert into campaigns (name, contact_list_id, status, row_count, created_at_ms) values (?, ?, ?, ?, ?)',
      );
      const insertContact = db.prepare(
        'insert into contacts (contact_list_id, position, phone_number, name, other_details) values (?, ?, ?, ?, ?)',
      );
      const insertCampaignRow = db.prepare(
        'insert into campaign_rows (campaign_id, position, phone_number, name, other_details) values (?, ?, ?, ?, ?)',
      );
      db.transaction(() => {
        const listId = insertList.run('bulk_contact', ROWS, Date.now()).lastInsertRowid;
        storedRows.forEach((row, position) =>
          insertContact.run(listId, position, row.phoneNumber, row.name, JSON.stringify(row.otherDetails)),
        );
        const campaignId = insertCampaign.run(
          'bulk_campaign',
          listId,
          'not-yet-started',
          ROWS,
          Date.now(),
        ).lastInsertRowid;
        storedRows.forEach((row, position) =>
          insertCampaignRow.run(campaignId, position, row.phoneNumber, row.name, JSON.stringify(row.otherDetails)),
        );
      })();
      db.close();
    },
  };
}

async function mysqlDatabase(serverUrl: string): Promise<BenchDatabase> {
  const database = await openMysqlDatabase(serverUrl, 'outbound_bench');
  return {
    ...database,
    label: 'MySQL',
    baseline: async () => {
      const connection = await mysql.createConnection({ uri: database.url, charset: 'utf8mb4' });
      await connection.beginTransaction();
      const insertRows = async (table: string, owner: string, ownerId: number) => {
        for (let start = 0; start < ROWS; start += 5_000) {
          const values = storedRows
            .slice(start, start + 5_000)
            .map((row, offset) => [
              ownerId,
              start + offset,
              row.phoneNumber,
              row.name,
              JSON.stringify(row.otherDetails),
            ]);
          await connection.query(
            `insert into ${table} (${owner}, position, phone_number, name, other_details) values ?`,
            [values],
          );
        }
      };
      const [list] = await connection.query<mysql.ResultSetHeader>(
        'insert into contact_lists (name, row_count, created_at_ms) values (?, ?, ?)',
        ['bulk_contact', ROWS, Date.now()],
      );
      await insertRows('contacts', 'contact_list_id', list.insertId);
      const [campaign] = await connection.query<mysql.ResultSetHeader>(
        'insert into campaigns (name, contact_list_id, status, row_count, created_at_ms) values (?, ?, ?, ?, ?)',
        ['bulk_campaign', list.insertId, 'not-yet-started', ROWS, Date.now()],
      );
      await insertRows('campaign_rows', 'campaign_id', campaign.insertId);
      await connection.commit();
      await connection.end();
    },
  };
}

/** Serves outbound on the database in a process of its own, sends the request, and reads the process's peak RSS. */
async function throughOutbound(database: BenchDatabase): Promise<{ seconds: number; peakRssMb: number }> {
  const outbound = await startOutbound({ DATABASE_URL: database.url, BRAND_NAME: 'Bench' });
  try {
    let status = 0;
    const elapsed = await elapsedSeconds(async () => {
      const response = await fetch(`${outbound.url}/createContactAndCampaign`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      status = response.status;
      await response.arrayBuffer();
    });
    if (status !== 200) throw new Error(`outbound answered ${status} on ${database.label}`);
    return { seconds: elapsed, peakRssMb: peakRssMb(outbound.pid) };
  } finally {
    const { code, stderr } = await outbound.stop();
    if (code !== 0) console.error(stderr);
  }
}

async function main(): Promise<void> {
  const mysqlUrl = process.env['MYSQL_URL'];
  const openers = [sqliteDatabase];
  if (mysqlUrl !== undefined && mysqlUrl !== '') openers.push(() => mysqlDatabase(mysqlUrl));
  else console.log('MYSQL_URL is not set: measuring SQLite only');

  console.log(`\nOne request of ${ROWS} rows with custom fields, median of ${ROUNDS} rounds`);
  console.log('| database | bare driver, same rows and tables | outbound over HTTP | ratio | outbound peak RSS |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  let met = true;
  for (const open of openers) {
    const database = await open();
    try {
      const baseline: number[] = [];
      const outbound: number[] = [];
      const rss: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        await emptyTables(database.knex);
        baseline.push(await elapsedSeconds(() => database.baseline()));
        await emptyTables(database.knex);
        const result = await throughOutbound(database);
        outbound.push(result.seconds);
        rss.push(result.peakRssMb);
      }
      const ratio = median(outbound) / median(baseline);
      const peak = Math.max(...rss);
      met &&= ratio <= TIME_RATIO_TARGET && peak < PEAK_RSS_TARGET_MB;
      console.log(
        `| ${database.label} | ${median(baseline).toFixed(2)} s | ${median(outbound).toFixed(2)} s | ${ratio.toFixed(2)} | ${peak.toFixed(0)} MB |`,
      );
    } finally {
      await database.drop();
    }
  }
  console.log(
    `targets: at most ${TIME_RATIO_TARGET}x the bare driver, peak RSS under ${PEAK_RSS_TARGET_MB} MB: ${met ? 'met' : 'NOT met'}`,
  );
  if (!met) process.exitCode = 1;
}

await main();
