// `outbound import` of a CSV file of 100,000 rows (about 10 MB), as a whole command run (a new
// process: start, migration check, reading the file, storing), beside the same rows sent as JSON in
// one POST /createContactAndCampaign to a server on the same storage, in the same run, rounds
// alternating; plus the import's peak RSS. SQLite always, MySQL when MYSQL_URL is set.
import { emptyTables, openMysqlDatabase, openSqliteDatabase, type TestDatabase } from '@outbound/adapters-sql/testing';
import { runOutbound, startOutbound } from '@outbound/server/testing';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { elapsedSeconds } from './elapsed-seconds.js';
import { median } from './median.js';
import { peakRssMb } from './peak-rss.js';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 100_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const TIME_RATIO_TARGET = 1.5;
const PEAK_RSS_TARGET_MB = 400;
/** How often the import's peak RSS is read while it runs; the kernel keeps the peak, so only its last value counts. */
const RSS_POLL_MS = 10;

const userData = Array.from({ length: ROWS }, (_, index) => ({
  phone_number: `+1 ${String(2_000_000_000 + index)}`,
  name: `Person ${index}`,
  email: `person${index}@example.com`,
  company: `Company ${index % 97}, Ltd`,
  city: `City ${index % 13}`,
  notes: `"evening" calls`,
}));
const columns = Object.keys(userData[0] ?? {});
const quoted = (cell: string): string => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const csv = [columns.join(','), ...userData.map((row) => Object.values(row).map(quoted).join(','))].join('\n') + '\n';

interface Measured {
  readonly seconds: number;
  /** What the command itself reports as its time: from its start, once Node has started, to the rows stored. */
  readonly reportedSeconds: number;
  readonly peakRssMb: number;
}

/** The rows as JSON in one request, to a server started on the database (its start not timed). */
async function throughPost(database: TestDatabase, identifierName: string): Promise<number> {
  const outbound = await startOutbound({ DATABASE_URL: database.url, BRAND_NAME: 'Bench' });
  try {
    let status = 0;
    const seconds = await elapsedSeconds(async () => {
      const response = await fetch(`${outbound.url}/createContactAndCampaign`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identifierName, userData }),
      });
      status = response.status;
      await response.arrayBuffer();
    });
    if (status !== 200) throw new Error(`the server answered ${status}`);
    return seconds;
  } finally {
    await outbound.stop();
  }
}

/** The whole `outbound import` command, from its start to its exit. */
async function throughImport(database: TestDatabase, file: string, identifierName: string): Promise<Measured> {
  let peak = 0;
  let watch: NodeJS.Timeout | undefined;
  let finished = { code: null as number | null, stdout: '', stderr: '' };
  const seconds = await elapsedSeconds(async () => {
    finished = await runOutbound(
      { DATABASE_URL: database.url, BRAND_NAME: 'Bench' },
      {
        args: ['import', file, '--id', identifierName],
        onStarted: (pid) => {
          watch = setInterval(() => {
            const now = peakRssMb(pid);
            if (Number.isFinite(now)) peak = Math.max(peak, now);
          }, RSS_POLL_MS);
        },
      },
    );
  });
  clearInterval(watch);
  if (finished.code !== 0) throw new Error(`outbound import exited ${finished.code}: ${finished.stderr}`);
  const reported = /^took (\d+\.\d+) s$/m.exec(finished.stdout)?.[1];
  if (reported === undefined) throw new Error(`outbound import reported no time: ${finished.stdout}`);
  return { seconds, reportedSeconds: Number(reported), peakRssMb: peak };
}

async function main(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'outbound-bench-csv-'));
  const file = join(folder, 'contacts.csv');
  await writeFile(file, csv);
  const megabytes = (await stat(file)).size / 1_000_000;
  const mysqlUrl = process.env['MYSQL_URL'];
  const openers: (() => Promise<TestDatabase & { label: string }>)[] = [
    async () => ({ ...(await openSqliteDatabase('outbound_bench_csv')), label: 'SQLite' }),
  ];
  if (mysqlUrl !== undefined && mysqlUrl !== '') {
    openers.push(async () => ({ ...(await openMysqlDatabase(mysqlUrl, 'outbound_bench_csv')), label: 'MySQL' }));
  } else console.log('MYSQL_URL is not set: measuring SQLite only');

  console.log(`\n${ROWS} rows, ${megabytes.toFixed(1)} MB of CSV, median of ${ROUNDS} rounds`);
  console.log(
    '| database | JSON in one POST | outbound import, whole command | ratio (target ≤ 1.5) | import as it reports its time | ratio | import peak RSS (target < 400 MB) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  let met = true;
  try {
    for (const open of openers) {
      const database = await open();
      try {
        const posts: number[] = [];
        const imports: number[] = [];
        const reported: number[] = [];
        const rss: number[] = [];
        for (let round = 0; round < ROUNDS; round += 1) {
          await emptyTables(database.knex);
          posts.push(await throughPost(database, `post_${round}`));
          await emptyTables(database.knex);
          const imported = await throughImport(database, file, `import_${round}`);
          imports.push(imported.seconds);
          reported.push(imported.reportedSeconds);
          rss.push(imported.peakRssMb);
        }
        const ratio = median(imports) / median(posts);
        const peak = Math.max(...rss);
        met &&= ratio <= TIME_RATIO_TARGET && peak < PEAK_RSS_TARGET_MB;
        const reportedRatio = median(reported) / median(posts);
        console.log(
          `| ${database.label} | ${median(posts).toFixed(2)} s | ${median(imports).toFixed(2)} s | ${ratio.toFixed(2)} | ${median(reported).toFixed(2)} s | ${reportedRatio.toFixed(2)} | ${peak.toFixed(0)} MB |`,
        );
      } finally {
        await database.drop();
      }
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  console.log(
    `targets: at most ${TIME_RATIO_TARGET}x the POST, peak RSS under ${PEAK_RSS_TARGET_MB} MB: ${met ? 'met' : 'NOT met'}`,
  );
  if (!met) process.exitCode = 1;
}

await main();
