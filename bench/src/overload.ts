// Admission control under overload, on SQLite and on MySQL, with the limit (the defaults) and
// without it (MAX_CONCURRENT_WRITES high enough to admit everything): 16 simultaneous
// 100,000-row requests, then 64 clients each sending a 31 MB body that is refused in the end,
// then 64 connections sending 10-row requests as fast as they can. Reports the answers, the
// server's peak RSS and the slowest /healthz meanwhile.
import { openMysqlDatabase, openSqliteDatabase, type TestDatabase } from '@outbound/adapters-sql/testing';
import { startOutbound } from '@outbound/server/testing';
import autocannon from 'autocannon';
import { peakRssMb } from './peak-rss.js';
import { spawn } from 'node:child_process';

const PEAK_RSS_TARGET_MB = 1024;

function rows(count: number, seed: number, phone: (index: number) => string) {
  return Array.from({ length: count }, (_, index) => ({
    phone_number: phone(seed * 1_000_000 + index),
    name: `Person ${index}`,
    email: `person${index}@example.com`,
    plan: { tier: index % 3, tags: ['gold', 'ü'] },
  }));
}
const valid = (n: number) => `+1 ${String(2_000_000_000 + n)}`;
const large = (index: number) =>
  JSON.stringify({ identifierName: `overload_${index}`, userData: rows(100_000, index, valid) });
// 31 MB of rows whose numbers are not numbers: read and parsed whole, then refused with 400.
const refusedBody = Buffer.from(
  JSON.stringify({
    identifierName: 'refused',
    userData: rows(100_000, 0, (n) => `not a number ${n}`).map((row) => ({ ...row, note: 'x'.repeat(182) })),
  }),
);

function megabytes(peak: number): string {
  return Number.isFinite(peak) ? `${peak.toFixed(0)} MB` : 'the process died';
}

/** The answer's status and Retry-After; status 0 when the connection was lost instead. */
async function postText(url: string, body: string | Buffer): Promise<{ status: number; retryAfter: string | null }> {
  try {
    const response = await fetch(`${url}/createContactAndCampaign`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    await response.arrayBuffer();
    return { status: response.status, retryAfter: response.headers.get('Retry-After') };
  } catch {
    return { status: 0, retryAfter: null };
  }
}

/**
 * The slowest /healthz while `work` runs, asked one after another by a process of its own, so that
 * this process, busy sending the bodies, does not delay the asking.
 */
async function slowestHealthzDuring(url: string, work: Promise<unknown>): Promise<number> {
  const poller = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `let slowest = 0;
       process.stdin.on('end', () => { console.log(slowest); process.exit(0); }).resume();
       for (;;) {
         const started = performance.now();
         await fetch(process.argv[1]).then((response) => response.arrayBuffer(), () => undefined);
         slowest = Math.max(slowest, performance.now() - started);
         await new Promise((resolve) => setTimeout(resolve, 50));
       }`,
      `${url}/healthz`,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let printed = '';
  poller.stdout.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
  const ended = new Promise((resolve) => poller.once('close', resolve));
  await work;
  poller.stdin.end();
  await ended;
  return Number(printed.trim());
}

/** The server's longest event-loop stall since the previous scrape of /metrics (prom-client resets it on each). */
async function longestStallSinceLastAsked(url: string): Promise<number> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  return Number(/^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(metrics)?.[1]);
}

function tally(statuses: readonly number[]): string {
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${count} × ${status === 0 ? 'connection lost' : status}`)
    .join(', ');
}

async function measure(label: string, database: TestDatabase, limited: boolean): Promise<boolean> {
  const limits: Record<string, string> = limited
    ? {}
    : { MAX_CONCURRENT_WRITES: '1000', MAX_WRITE_BYTES_IN_FLIGHT: String(1024 ** 4), MAX_QUEUED_WRITES: '0' };
  const mode = limited ? 'with the limit' : 'without it';
  let met = true;

  let outbound = await startOutbound({ DATABASE_URL: database.url, BRAND_NAME: 'Bench', ...limits });
  try {
    const bodies = Array.from({ length: 16 }, (_, index) => large(index));
    // Each client told to come back later does so once its own Retry-After has passed, once.
    const exchanges = await Promise.all(
      bodies.map(async (body) => {
        const first = await postText(outbound.url, body);
        if (first.status !== 503) return { first, again: null };
        await new Promise((resolve) => setTimeout(resolve, Number(first.retryAfter ?? 0) * 1_000));
        return { first, again: await postText(outbound.url, body) };
      }),
    );
    const answers = exchanges.map(({ first }) => first);
    const resent = exchanges.flatMap(({ again }) => (again === null ? [] : [again]));
    const peak = peakRssMb(outbound.pid);
    console.log(
      `| ${label} | ${mode} | 16 × 100,000 rows | ${tally(answers.map((a) => a.status))}; 503s sent again after their Retry-After: ${tally(resent.map((a) => a.status)) || 'none'} | ${megabytes(peak)} | |`,
    );
    if (limited) {
      met &&= answers.every((a) => a.status === 200 || (a.status === 503 && a.retryAfter !== null));
      met &&= answers.filter((a) => a.status === 200).length >= 4 && resent.every((a) => a.status === 200);
      met &&= peak < PEAK_RSS_TARGET_MB;
    }
  } finally {
    await outbound.stop();
  }

  outbound = await startOutbound({ DATABASE_URL: database.url, BRAND_NAME: 'Bench', ...limits });
  try {
    await longestStallSinceLastAsked(outbound.url);
    const work = Promise.all(Array.from({ length: 64 }, () => postText(outbound.url, refusedBody)));
    const slowest = await slowestHealthzDuring(outbound.url, work);
    const answers = await work;
    const stall = await longestStallSinceLastAsked(outbound.url);
    const peak = peakRssMb(outbound.pid);
    console.log(
      `| ${label} | ${mode} | 64 × 31 MB refused | ${tally(answers.map((a) => a.status))} | ${megabytes(peak)} | ${(slowest / 1000).toFixed(2)} s (the server's event loop stalled at most ${stall.toFixed(2)} s) |`,
    );
    if (limited) met &&= peak < PEAK_RSS_TARGET_MB && slowest < 1_000;
  } finally {
    await outbound.stop();
  }

  if (limited) {
    outbound = await startOutbound({ DATABASE_URL: database.url, BRAND_NAME: 'Bench', ...limits });
    try {
      let sequence = 0;
      const result = await autocannon({
        url: `${outbound.url}/createContactAndCampaign`,
        connections: 64,
        duration: 5,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({
                identifierName: `small_${(sequence += 1)}`,
                userData: rows(10, sequence, valid),
              }),
            }),
          },
        ],
      });
      const statuses = Object.entries(result.statusCodeStats ?? {}).flatMap(([status, { count = 0 }]) =>
        Array.from({ length: count }, () => Number(status)),
      );
      if (result.errors > 0) statuses.push(...Array.from({ length: result.errors }, () => 0));
      console.log(
        `| ${label} | ${mode} | 64 connections × 10 rows, 5 s | ${tally(statuses)} | ${megabytes(peakRssMb(outbound.pid))} | |`,
      );
      met &&= statuses.every((status) => status === 200);
    } finally {
      await outbound.stop();
    }
  }
  return met;
}

async function main(): Promise<void> {
  const mysqlUrl = process.env['MYSQL_URL'];
  const openers: [string, () => Promise<TestDatabase>][] = [['SQLite', () => openSqliteDatabase('outbound_bench')]];
  if (mysqlUrl !== undefined && mysqlUrl !== '')
    openers.push(['MySQL', () => openMysqlDatabase(mysqlUrl, 'outbound_bench')]);
  else console.log('MYSQL_URL is not set: measuring SQLite only');
  console.log(
    '| database | admission | load | answers | server peak RSS | slowest /healthz, asked by another process |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  let met = true;
  for (const [label, open] of openers) {
    for (const limited of [false, true]) {
      const database = await open();
      try {
        met = (await measure(label, database, limited)) && met;
      } finally {
        await database.drop();
      }
    }
  }
  console.log(
    `targets with the limit: only 200 or 503 with Retry-After (at least 4 × 200), every 503 succeeds when sent again, peak RSS under ${PEAK_RSS_TARGET_MB} MB, /healthz within 1 s, no 503 for small requests: ${met ? 'met' : 'NOT met'}`,
  );
}

await main();
