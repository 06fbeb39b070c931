// Campaigns that run: contacts through the whole loop (lease, report) per second, outbound as
// `npm start` runs it, against the same statements with the bare driver in-process and behind a bare
// Koa app, on the same database in the same run; and whether a lease's cost grows with the backlog.
// See docs/benchmarks.md.
import { startOutbound, type OutboundProcess } from '@outbound/server/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { openBareDispatch, PER_LEASE, type BareDispatch } from './bare-dispatch.js';
import { ForkedServer } from './forked-server.js';
import { median } from './median.js';
import { peakRssMb } from './peak-rss.js';

const CONTACTS = Number(process.env['BENCH_CONTACTS'] ?? 100_000);
/** Contacts timed through the loop, the first of a campaign of CONTACTS. */
const LOOP_CONTACTS = Math.min(CONTACTS, Number(process.env['BENCH_LOOP_CONTACTS'] ?? 20_000));
const BACKLOG_CAMPAIGNS = Number(process.env['BENCH_BACKLOG_CAMPAIGNS'] ?? 10);
const SMALL_CAMPAIGN = 1_000;
const DIALERS = 4;
const LEASES_TIMED = 10;
/** Rounds of each loop, taking turns. */
const ROUNDS = 5;
const ONLY = process.env['BENCH_ONLY']?.split(',');

interface Storage {
  readonly label: string;
  readonly url: string;
  drop(): Promise<void>;
}

function sqliteStorage(): Storage {
  const folder = mkdtempSync(join(tmpdir(), 'outbound_dispatch_'));
  return {
    label: 'SQLite',
    url: `sqlite://${join(folder, 'outbound.sqlite')}`,
    drop: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

async function mysqlStorage(serverUrl: string): Promise<Storage> {
  const name = `outbound_dispatch_${process.pid}`;
  const admin = await mysql.createConnection(serverUrl);
  await admin.query(`create database if not exists \`${name}\` character set utf8mb4 collate utf8mb4_bin`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    label: 'MySQL',
    url: url.toString(),
    drop: async () => {
      await admin.query(`drop database if exists \`${name}\``);
      await admin.end();
    },
  };
}

async function postJson(url: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { data: Record<string, unknown>; message: string };
  if (!response.ok) throw new Error(`${path}: ${response.status} ${answer.message}`);
  return answer.data;
}

/** Creates and starts a campaign of `contacts` rows like the issue's, no pacing, no calling hours. */
async function startedCampaign(url: string, id: string, contacts: number, seed: number): Promise<string> {
  const userData = Array.from({ length: contacts }, (_, index) => ({
    phone_number: `+1${String(2_000_000_000 + seed * 1_000_000 + index)}`,
    name: `Person ${index}`,
    email: `p${index}@example.test`,
  }));
  await postJson(url, '/createContactAndCampaign', { identifierName: id, userData });
  const name = `Bench_campaign_${id}`;
  await postJson(url, `/campaigns/${name}/start`, {});
  return name;
}

/** How a loop's dialers take calls and report a lease's calls, over HTTP or with the bare statements. */
interface Dialling {
  lease(): Promise<readonly { readonly callId: string }[]>;
  report(callIds: readonly string[]): Promise<unknown>;
}

/**
 * Dialling through the server at `url`: POST /calls/lease (of `campaign` when given), then each
 * outcome in a request of its own, or all of a lease's in one (`batched`).
 */
function overHttp(url: string, { campaign, batched = false }: { campaign?: string; batched?: boolean } = {}): Dialling {
  return {
    lease: async () =>
      (
        (await postJson(url, '/calls/lease', { max: PER_LEASE, ...(campaign === undefined ? {} : { campaign }) })) as {
          calls: { callId: string }[];
        }
      ).calls,
    report: (callIds) =>
      batched
        ? postJson(url, '/calls/outcomes', { outcomes: callIds.map((callId) => ({ callId, outcome: 'answered' })) })
        : Promise.all(callIds.map((callId) => postJson(url, `/calls/${callId}/outcome`, { outcome: 'answered' }))),
  };
}

/**
 * Four dialers leasing 100 at a time and reporting its calls at once, until `contacts` have been
 * through; contacts a second.
 */
async function contactsPerSecond(dialling: Dialling, contacts: number): Promise<number> {
  const startedAt = performance.now();
  let done = 0;
  const dialer = async () => {
    while (done < contacts) {
      const calls = await dialling.lease();
      if (calls.length === 0) return;
      await dialling.report(calls.map(({ callId }) => callId));
      done += calls.length;
    }
  };
  await Promise.all(Array.from({ length: DIALERS }, dialer));
  return done / ((performance.now() - startedAt) / 1_000);
}

/** The same loop with the bare statements in this process, on `campaign`. */
async function inProcess(bare: BareDispatch, campaign: string): Promise<Dialling> {
  const campaignId = await bare.campaignId(campaign);
  return {
    lease: () => bare.claim(campaignId, Date.now()),
    report: (callIds) => Promise.all(callIds.map((callId) => bare.report(callId, Date.now()))),
  };
}

/**
 * Each loop's contacts a second, round by round, the loops taking turns so that a busy moment of
 * a shared machine falls on all of them alike; each round takes the next contacts of its campaign.
 */
async function ratesInTurns<Loop extends string>(
  loops: Readonly<Record<Loop, Dialling>>,
): Promise<Record<Loop, number[]>> {
  const names = Object.keys(loops) as Loop[];
  const rates = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Loop, number[]>;
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const name of names) rates[name].push(await contactsPerSecond(loops[name], LOOP_CONTACTS / ROUNDS));
  }
  return rates;
}

/** The median, over the rounds, of one loop's rate over another's in the same round. */
function medianRatio(rates: readonly number[], to: readonly number[]): number {
  return median(rates.map((rate, round) => rate / (to[round] ?? Number.NaN)));
}

/** A lease's median time, in milliseconds: each campaign's first, and the `LEASES_TIMED` after. */
interface LeaseTimes {
  readonly first: number;
  readonly after: number;
}

/**
 * Leases of 100 (each lease's calls reported), taking turns among `campaigns` running: the first
 * lease of each reads its pages into the database's cache, the next ones find them there, as in a
 * campaign that has been running a while.
 */
async function leaseMs(url: string, campaigns: number): Promise<LeaseTimes> {
  const dialling = overHttp(url);
  const times: number[] = [];
  for (let index = 0; index < campaigns + LEASES_TIMED; index += 1) {
    const startedAt = performance.now();
    const calls = await dialling.lease();
    times.push(performance.now() - startedAt);
    await dialling.report(calls.map(({ callId }) => callId));
  }
  return { first: median(times.slice(0, campaigns)), after: median(times.slice(campaigns)) };
}

/** Watches a process's peak RSS while it runs. */
function peakOf(outbound: OutboundProcess): { readonly mb: () => number; stop(): void } {
  let peak = 0;
  const watch = setInterval(() => {
    peak = Math.max(peak, peakRssMb(outbound.pid));
  }, 250);
  return {
    mb: () => Math.max(peak, peakRssMb(outbound.pid)),
    stop: () => clearInterval(watch),
  };
}

/**
 * Campaigns are created and started through one outbound process and leased through another, as
 * `npm start` runs it (its log to a file): the serving process's memory is then that of handing
 * calls out, which must not grow with the backlog, apart from that of taking 100,000-row requests.
 */
interface Measured {
  readonly row: string;
  /** The targets missed, named. */
  readonly missed: readonly string[];
}

async function measure(storage: Storage): Promise<Measured> {
  const folder = mkdtempSync(join(tmpdir(), 'outbound_dispatch_logs_'));
  const env = { DATABASE_URL: storage.url, BRAND_NAME: 'Bench' };
  const processes: OutboundProcess[] = [];
  let bareHttp: ForkedServer | undefined;
  try {
    const creator = await startOutbound(env, { cwd: folder });
    processes.push(creator);
    const server = await startOutbound(env, { cwd: folder });
    processes.push(server);
    const creatorPeak = peakOf(creator);
    const serverPeak = peakOf(server);

    const loops = ['loop', 'batched', 'bare', 'bare_http'];
    const started: string[] = [];
    for (const [index, id] of loops.entries())
      started.push(await startedCampaign(creator.url, id, CONTACTS, index + 1));
    const [perCall, batched, bare, bareOverHttp] = started as [string, string, string, string];
    bareHttp = await ForkedServer.start('bare-dispatch', storage.url);
    const bareDispatch = openBareDispatch(storage.url);
    const rates = await ratesInTurns({
      perCall: overHttp(server.url, { campaign: perCall }),
      batched: overHttp(server.url, { campaign: batched, batched: true }),
      bare: await inProcess(bareDispatch, bare),
      bareHttp: overHttp(bareHttp.url, { campaign: bareOverHttp }),
    }).finally(() => bareDispatch.close());
    await bareHttp.stop();
    // The rest of the loops' contacts are not the backlog measured next.
    for (const id of loops) await postJson(creator.url, `/campaigns/Bench_campaign_${id}/cancel`, {});

    // Its first lease leaves SMALL_CAMPAIGN waiting for those timed after it.
    await startedCampaign(creator.url, 'small', SMALL_CAMPAIGN + PER_LEASE, 4);
    const fromSmall = await leaseMs(server.url, 1);
    for (let index = 0; index < BACKLOG_CAMPAIGNS; index += 1) {
      await startedCampaign(creator.url, `backlog_${index}`, CONTACTS, 10 + index);
    }
    const fromBacklog = await leaseMs(server.url, BACKLOG_CAMPAIGNS);
    const backlogRatio = fromBacklog.after / fromSmall.after;
    creatorPeak.stop();
    serverPeak.stop();
    const batchedRatio = medianRatio(rates.batched, rates.bare);
    const missed = [
      ...(batchedRatio < 0.7 ? [`${storage.label} loop < 0.7 of the bare driver`] : []),
      ...(backlogRatio > 1.25 ? [`${storage.label} lease from the backlog > 1.25x`] : []),
      ...(serverPeak.mb() >= 256 ? [`${storage.label} serving process's peak RSS >= 256 MB`] : []),
    ];
    const row = [
      `| ${storage.label}`,
      String(Math.round(median(rates.bare))),
      String(Math.round(median(rates.bareHttp))),
      String(Math.round(median(rates.perCall))),
      String(Math.round(median(rates.batched))),
      `**${batchedRatio.toFixed(2)}** (≥ 0.7)`,
      medianRatio(rates.perCall, rates.bare).toFixed(2),
      medianRatio(rates.perCall, rates.bareHttp).toFixed(2),
      `${fromSmall.after.toFixed(1)} / ${fromBacklog.after.toFixed(1)} ms (**${backlogRatio.toFixed(2)}**, ≤ 1.25)`,
      `${fromSmall.first.toFixed(1)} / ${fromBacklog.first.toFixed(1)} ms (${(fromBacklog.first / fromSmall.first).toFixed(2)})`,
      `**${Math.round(serverPeak.mb())} MB** (< 256)`,
      `${Math.round(creatorPeak.mb())} MB |`,
    ].join(' | ');
    return { row, missed };
  } finally {
    await bareHttp?.stop();
    await Promise.all(processes.map((outbound) => outbound.stop()));
    await storage.drop();
    rmSync(folder, { recursive: true, force: true });
  }
}

const measured: Measured[] = [];
if (ONLY === undefined || ONLY.includes('SQLite')) measured.push(await measure(sqliteStorage()));
const mysqlUrl = process.env['MYSQL_URL'];
if (mysqlUrl !== undefined && (ONLY === undefined || ONLY.includes('MySQL'))) {
  measured.push(await measure(await mysqlStorage(mysqlUrl)));
}
console.log(
  `Campaigns that run: the first ${LOOP_CONTACTS.toLocaleString('en')} contacts of a ${CONTACTS.toLocaleString('en')}-contact campaign in ${ROUNDS} rounds, the loops taking turns (medians of the rounds), ${DIALERS} dialers leasing ${PER_LEASE} at a time and reporting a lease's calls at once (each in a request of its own, or all in one); a lease's median time from ${SMALL_CAMPAIGN.toLocaleString('en')} waiting contacts and with ${BACKLOG_CAMPAIGNS} more campaigns of ${CONTACTS.toLocaleString('en')} waiting, once each campaign has been leased from, and the first lease of each`,
);
console.log(
  "| storage | bare driver contacts/s | bare Koa + driver contacts/s, one report a request | outbound contacts/s, one report a request | outbound contacts/s, a lease's reports in one request | batched / bare driver (target) | one a request / bare driver | one a request / bare Koa + driver | lease from 1,000 / from the backlog | first lease of a campaign, from 1,000 / from the backlog | peak RSS serving | peak RSS creating |",
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const { row } of measured) console.log(row);
const missed = measured.flatMap((each) => each.missed);
console.log(missed.length === 0 ? 'targets: met' : `targets: not met: ${missed.join('; ')}`);
if (missed.length > 0) process.exitCode = 1;
