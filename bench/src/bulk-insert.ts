// One request of 100,000 rows, custom fields included, end to end through HTTP on SQLite and on
// MySQL, as the first request of a freshly started server, beside two baselines in the same run:
// the bare driver inserting the same rows into the same tables in-process (the target's), and the
// bare Koa app of bare-app.ts receiving the same request over HTTP and storing it with the bare
// driver, also freshly started; plus the server's peak RSS during the request. Rounds alternate.
// Then whether the cost is linear in the rows: requests of 1,000, 10,000 and 100,000 rows to one
// warm server, their time per row against the largest's.
import { emptyTables, openMysqlDatabase, openSqliteDatabase, type TestDatabase } from '@outbound/adapters-sql/testing';
import { canonicalPhoneNumber } from '@outbound/domain';
import { startOutbound } from '@outbound/server/testing';
import mysql from 'mysql2/promise';
import { openBareSqlite } from './bare-sqlite.js';
import { elapsedSeconds } from './elapsed-seconds.js';
import { ForkedServer } from './forked-server.js';
import { median } from './median.js';
import { peakRssMb } from './peak-rss.js';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 100_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const LINEAR_SIZES = [1_000, 10_000, ROWS];
/**
 * Requests timed of each size: more of the small ones, which take milliseconds and whose medians
 * move most from one run to the next (the one-row request's time is subtracted from every size's,
 * so its noise reaches each; at 1,000 rows a millisecond is a tenth of the rows' own time).
 */
const linearRoundsOf = (size: number): number => (size >= ROWS ? 7 : size >= 10_000 ? 15 : 31);
const TIME_RATIO_TARGET = 1.3;
const PEAK_RSS_TARGET_MB = 256;
/** How far the time per row of a smaller request may be from the largest's. */
const LINEAR_TOLERANCE = 0.2;

const userData = Array.from({ length: ROWS }, (_, index) => ({
  phone_number: `+1 ${String(2_000_000_000 + index)}`,
  name: `Person ${index}`,
  email: `person${index}@example.com`,
  company: 'Acme Corp',
  plan: { tier: index % 3, tags: ['gold', 'ü'] },
}));
const body = JSON.stringify({ identifierName: 'bulk', userData });
const userDataJsonOf = new Map([1, ...LINEAR_SIZES].map((size) => [size, JSON.stringify(userData.slice(0, size))]));

/** The rows as they are stored: what the baseline writes. */
const storedRows = userData.map(({ phone_number, name, ...otherDetails }) => ({
  phoneNumber: canonicalPhoneNumber(phone_number) as string,
  name,
  otherDetails,
}));

interface BenchDatabase extends TestDatabase {
  readonly label: string;
  /** Inserts a list and a campaign over the first `rowCount` of `storedRows` with the bare driver, named after `name`. */
  baseline(rowCount: number, name: string): Promise<void>;
}

async function sqliteDatabase(): Promise<BenchDatabase> {
  const database = await openSqliteDatabase('outbound_bench');
  const file = database.url.replace(/^sqlite:\/\//, '');
  return {
    ...database,
    label: 'SQLite',
    baseline: async (rowCount, name) => {
      const { db, insertList, insertContact, insertCampaign, insertCampaignRow } = openBareSqlite(file);
      const rows = storedRows.slice(0, rowCount);
      db.transaction(() => {
        const listId = insertList.run(`${name}_contact`, rowCount, Date.now()).lastInsertRowid;
        rows.forEach((row, position) =>
          insertContact.run(listId, position, row.phoneNumber, row.name, JSON.stringify(row.otherDetails)),
        );
        const campaignId = insertCampaign.run(
          `${name}_campaign`,
          `${name}_contact`,
          'not-yet-started',
          rowCount,
          Date.now(),
        ).lastInsertRowid;
        rows.forEach((row, position) =>
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
    baseline: async (rowCount, name) => {
      const connection = await mysql.createConnection({ uri: database.url, charset: 'utf8mb4' });
      await connection.beginTransaction();
      const insertRows = async (table: string, owner: string, ownerId: number) => {
        for (let start = 0; start < rowCount; start += 5_000) {
          const values = storedRows
            .slice(start, Math.min(start + 5_000, rowCount))
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
        [`${name}_contact`, rowCount, Date.now()],
      );
      await insertRows('contacts', 'contact_list_id', list.insertId);
      const [campaign] = await connection.query<mysql.ResultSetHeader>(
        'insert into campaigns (name, contact_list_id, status, row_count, created_at_ms) values (?, ?, ?, ?, ?)',
        [`${name}_campaign`, list.insertId, 'not-yet-started', rowCount, Date.now()],
      );
      await insertRows('campaign_rows', 'campaign_id', campaign.insertId);
      await connection.commit();
      await connection.end();
    },
  };
}

/** Seconds the server at `url` takes to answer one request with `requestBody`, which must succeed. */
async function timedRequest(url: string, requestBody: string): Promise<number> {
  let status = 0;
  const elapsed = await elapsedSeconds(async () => {
    const response = await fetch(`${url}/createContactAndCampaign`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: requestBody,
    });
    status = response.status;
    await response.arrayBuffer();
  });
  if (status !== 200) throw new Error(`${url} answered ${status}`);
  return elapsed;
}

/** Runs `use` against outbound serving the database, started afresh in a process of its own. */
async function withOutbound<T>(
  database: BenchDatabase,
  use: (outbound: { readonly url: string; readonly pid: number }) => Promise<T>,
): Promise<T> {
  const outbound = await startOutbound({ DATABASE_URL: database.url, BRAND_NAME: 'Bench' });
  try {
    return await use(outbound);
  } finally {
    const { code, stderr } = await outbound.stop();
    if (code !== 0) console.error(stderr);
  }
}

/** Runs `use` against the bare app serving the database, started afresh in a process of its own. */
async function withBareApp<T>(database: BenchDatabase, use: (url: string) => Promise<T>): Promise<T> {
  const bare = await ForkedServer.start('bare', database.url);
  try {
    return await use(bare.url);
  } finally {
    await bare.stop();
  }
}

/** Sends the request to outbound, and reads the process's peak RSS after. */
const throughOutbound = (database: BenchDatabase): Promise<{ seconds: number; peakRssMb: number }> =>
  withOutbound(database, async ({ url, pid }) => ({
    seconds: await timedRequest(url, body),
    peakRssMb: peakRssMb(pid),
  }));

/** Seconds a store takes for `size` rows under a name not used before. */
type TimedStore = (size: number, name: string) => Promise<number>;

/** Stores through a server at `url`, as a request. */
const throughServerAt =
  (url: string): TimedStore =>
  (size, name) =>
    timedRequest(url, `{"identifierName":"${name}","userData":${userDataJsonOf.get(size)}}`);

/** Median seconds of a store of each size (and of one row), warm, each size's stores one after another. */
async function secondsBySize(database: BenchDatabase, store: TimedStore): Promise<Map<number, number>> {
  let stores = 0;
  // The tables are emptied once, before: emptying them between requests would leave the next one
  // to checkpoint SQLite's write-ahead log of the deletion.
  await emptyTables(database.knex);
  const timed = (size: number): Promise<number> => store(size, `linear_${(stores += 1)}`);
  // Warm: a first pass over every size lets the JIT compile the paths a row takes, so that the
  // smaller sizes, timed first, are not the ones paying for it.
  for (const size of [1, ...LINEAR_SIZES]) await timed(size);
  const seconds = new Map<number, number>();
  for (const size of [1, ...LINEAR_SIZES]) {
    // The first store of a size is not timed: it pays for collecting the garbage of the larger one before.
    await timed(size);
    const times: number[] = [];
    for (let round = 0; round < linearRoundsOf(size); round += 1) times.push(await timed(size));
    seconds.set(size, median(times));
  }
  return seconds;
}

async function main(): Promise<void> {
  const mysqlUrl = process.env['MYSQL_URL'];
  const openers = [sqliteDatabase];
  if (mysqlUrl !== undefined && mysqlUrl !== '') openers.push(() => mysqlDatabase(mysqlUrl));
  else console.log('MYSQL_URL is not set: measuring SQLite only');

  const databases: BenchDatabase[] = [];
  for (const open of openers) databases.push(await open());
  try {
    const fresh = await firstRequests(databases);
    const linear = await linearCost(databases);
    console.log(`targets: ${fresh && linear ? 'met' : 'NOT met'}`);
    if (!fresh || !linear) process.exitCode = 1;
  } finally {
    for (const database of databases) await database.drop();
  }
}

async function firstRequests(databases: readonly BenchDatabase[]): Promise<boolean> {
  console.log(
    `\nOne request of ${ROWS} rows with custom fields, the first of a freshly started server; median of ${ROUNDS} rounds`,
  );
  console.log(
    '| database | bare driver, same rows and tables | bare Koa app over HTTP, bare driver | outbound over HTTP | ratio to the driver (to the bare app) | outbound peak RSS |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  let met = true;
  for (const database of databases) {
    const driver: number[] = [];
    const bareApp: number[] = [];
    const outbound: number[] = [];
    const rss: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      await emptyTables(database.knex);
      driver.push(await elapsedSeconds(() => database.baseline(ROWS, 'bulk')));
      await emptyTables(database.knex);
      bareApp.push(await withBareApp(database, (url) => timedRequest(url, body)));
      await emptyTables(database.knex);
      const result = await throughOutbound(database);
      outbound.push(result.seconds);
      rss.push(result.peakRssMb);
    }
    const ratio = median(outbound) / median(driver);
    const peak = Math.max(...rss);
    met &&= ratio <= TIME_RATIO_TARGET && peak < PEAK_RSS_TARGET_MB;
    console.log(
      `| ${database.label} | ${median(driver).toFixed(2)} s | ${median(bareApp).toFixed(2)} s | ${median(outbound).toFixed(2)} s | ${ratio.toFixed(2)} (${(median(outbound) / median(bareApp)).toFixed(2)}) | ${peak.toFixed(0)} MB |`,
    );
  }
  console.log(
    `targets: at most ${TIME_RATIO_TARGET}x the bare driver, peak RSS under ${PEAK_RSS_TARGET_MB} MB: ${met ? 'met' : 'NOT met'}`,
  );
  return met;
}

/**
 * Whether the cost is linear in the rows: every request pays a fixed part whatever its size (the
 * HTTP exchange, two transactions and their commits, flushed to disk), measured as a one-row
 * request; the time each row adds beyond it must be the same at every size, within the tolerance.
 */
async function linearCost(databases: readonly BenchDatabase[]): Promise<boolean> {
  console.log(
    `\nOn a warm server, median of ${LINEAR_SIZES.map(linearRoundsOf).join(' / ')} requests of each size (${linearRoundsOf(1)} of one row): the time of a one-row request, then the time each row adds beyond it, and its ratio to the ${ROWS}-row request's; the bare app's and the bare driver's (in this process, no HTTP) for comparison`,
  );
  console.log(`| database | through | 1 row | ${LINEAR_SIZES.map((size) => `${size} rows`).join(' | ')} |`);
  console.log(`| --- | --- | ---: |${LINEAR_SIZES.map(() => ' ---: |').join('')}`);
  let met = true;
  for (const database of databases) {
    const measured = [
      {
        label: 'outbound',
        target: true,
        seconds: () => withOutbound(database, ({ url }) => secondsBySize(database, throughServerAt(url))),
      },
      {
        label: 'bare app over HTTP',
        target: false,
        seconds: () => withBareApp(database, (url) => secondsBySize(database, throughServerAt(url))),
      },
      {
        label: 'bare driver, in-process',
        target: false,
        seconds: () => secondsBySize(database, (size, name) => elapsedSeconds(() => database.baseline(size, name))),
      },
    ];
    for (const { label, target, seconds: measure } of measured) {
      const seconds = await measure();
      const fixed = seconds.get(1) as number;
      const perRow = (size: number) => ((seconds.get(size) as number) - fixed) / (size - 1);
      const cells = LINEAR_SIZES.map((size) => {
        const ratio = perRow(size) / perRow(ROWS);
        if (target) met &&= Math.abs(ratio - 1) <= LINEAR_TOLERANCE;
        return `${(perRow(size) * 1e6).toFixed(1)} µs (${ratio.toFixed(2)})`;
      });
      console.log(`| ${database.label} | ${label} | ${(fixed * 1e3).toFixed(1)} ms | ${cells.join(' | ')} |`);
    }
  }
  console.log(
    `target: the time a row adds to outbound's requests within ±${LINEAR_TOLERANCE * 100}% of the largest request's at every size: ${met ? 'met' : 'NOT met'}`,
  );
  return met;
}

await main();
