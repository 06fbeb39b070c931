// Campaigns that run: contacts through the whole loop (lease, report) per second, outbound as
// `npm start` runs it against a bare program doing the same statements with the bare driver on the
// same database; and whether a lease's cost grows with the backlog. See docs/benchmarks.md.
import { startOutbound, type OutboundProcess } from '@outbound/server/testing';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { median } from './median.js';
import { peakRssMb } from './peak-rss.js';

const CONTACTS = Number(process.env['BENCH_CONTACTS'] ?? 100_000);
const BACKLOG_CAMPAIGNS = Number(process.env['BENCH_BACKLOG_CAMPAIGNS'] ?? 10);
const SMALL_CAMPAIGN = 1_000;
const DIALERS = 4;
const PER_LEASE = 100;
const LEASES_TIMED = 10;
const ONLY = process.env['BENCH_ONLY']?.split(',');

interface Storage {
  readonly label: string;
  readonly url: string;
  /** The bare program's statements on this database. */
  bare(): Promise<BareDialer>;
  drop(): Promise<void>;
}

/** The claim and the report as the bare program runs them: the same statements outbound's adapter runs. */
interface BareDialer {
  claim(campaignId: number, nowMs: number): Promise<string[]>;
  report(callId: string, nowMs: number): Promise<void>;
  campaignId(name: string): Promise<number>;
  close(): Promise<void>;
}

function sqliteStorage(): Storage {
  const folder = mkdtempSync(join(tmpdir(), 'outbound_dispatch_'));
  const file = join(folder, 'outbound.sqlite');
  return {
    label: 'SQLite',
    url: `sqlite://${file}`,
    bare: async () => {
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 15000');
      const lock = db.prepare('update campaigns set status = status where id = ?');
      const due = db.prepare(
        "select position, attempts from campaign_calls where campaign_id = ? and state = 'waiting' and next_attempt_at_ms <= ? order by next_attempt_at_ms, position limit ?",
      );
      const dial = db.prepare(
        "update campaign_calls set state = 'dialling', next_attempt_at_ms = null, attempts = attempts + 1 where campaign_id = ? and position = ?",
      );
      const attempt = db.prepare(
        'insert into call_attempts (call_id, campaign_id, position, attempt, handed_out_at_ms, lease_expires_at_ms) values (?, ?, ?, ?, ?, ?)',
      );
      const row = db.prepare(
        'select phone_number, name, other_details from campaign_rows where campaign_id = ? and position = ?',
      );
      const found = db.prepare('select campaign_id, position from call_attempts where call_id = ?');
      const end = db.prepare(
        "update call_attempts set outcome = 'answered', ended_at_ms = ?, ended_by = 'report' where call_id = ? and ended_at_ms is null",
      );
      const finish = db.prepare(
        "update campaign_calls set state = 'finished', next_attempt_at_ms = null, last_outcome = 'answered' where campaign_id = ? and position = ?",
      );
      const left = db.prepare(
        "select position from campaign_calls where campaign_id = ? and state in ('waiting', 'dialling') limit 1",
      );
      const complete = db.prepare(
        "update campaigns set status = 'completed', ended_at_ms = ? where id = ? and status in ('scheduled', 'running', 'paused')",
      );
      const claim = db.transaction((campaignId: number, nowMs: number) => {
        lock.run(campaignId);
        const contacts = due.all(campaignId, nowMs, PER_LEASE) as { position: number; attempts: number }[];
        return contacts.map(({ position, attempts }) => {
          const callId = randomUUID();
          dial.run(campaignId, position);
          attempt.run(callId, campaignId, position, attempts + 1, nowMs, nowMs + 600_000);
          const stored = row.get(campaignId, position) as { other_details: string };
          JSON.parse(stored.other_details);
          return callId;
        });
      });
      const report = db.transaction((callId: string, nowMs: number) => {
        const { campaign_id: campaignId, position } = found.get(callId) as { campaign_id: number; position: number };
        lock.run(campaignId);
        if (end.run(nowMs, callId).changes === 0) return;
        finish.run(campaignId, position);
        if (left.get(campaignId) === undefined) complete.run(nowMs, campaignId);
      });
      return {
        claim: async (campaignId, nowMs) => claim.immediate(campaignId, nowMs),
        report: async (callId, nowMs) => report.immediate(callId, nowMs),
        campaignId: async (name) =>
          (db.prepare('select id from campaigns where name = ?').get(name) as { id: number }).id,
        close: async () => {
          db.close();
        },
      };
    },
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
    bare: async () => {
      const pool = mysql.createPool({ uri: url.toString(), connectionLimit: DIALERS });
      const inTransaction = async <T>(work: (connection: mysql.PoolConnection) => Promise<T>): Promise<T> => {
        const connection = await pool.getConnection();
        try {
          await connection.query('start transaction');
          const result = await work(connection);
          await connection.query('commit');
          return result;
        } catch (error) {
          await connection.query('rollback');
          throw error;
        } finally {
          connection.release();
        }
      };
      return {
        claim: (campaignId, nowMs) =>
          inTransaction(async (connection) => {
            await connection.execute('update campaigns set status = status where id = ?', [campaignId]);
            const [contacts] = await connection.execute<mysql.RowDataPacket[]>(
              "select position, attempts from campaign_calls where campaign_id = ? and state = 'waiting' and next_attempt_at_ms <= ? order by next_attempt_at_ms, position limit 100",
              [campaignId, nowMs],
            );
            if (contacts.length === 0) return [] as string[];
            const positions = contacts.map((contact) => Number(contact['position']));
            await connection.query(
              "update campaign_calls set state = 'dialling', next_attempt_at_ms = null, attempts = attempts + 1 where campaign_id = ? and position in (?)",
              [campaignId, positions],
            );
            const calls: (string | number)[][] = contacts.map((contact) => [
              randomUUID(),
              campaignId,
              Number(contact['position']),
              Number(contact['attempts']) + 1,
              nowMs,
              nowMs + 600_000,
            ]);
            await connection.query(
              'insert into call_attempts (call_id, campaign_id, position, attempt, handed_out_at_ms, lease_expires_at_ms) values ?',
              [calls],
            );
            const [rows] = await connection.query<mysql.RowDataPacket[]>(
              'select position, phone_number, name, other_details from campaign_rows where campaign_id = ? and position in (?)',
              [campaignId, positions],
            );
            for (const row of rows) JSON.parse(String(row['other_details']));
            return calls.map((call) => String(call[0]));
          }),
        report: (callId, nowMs) =>
          inTransaction(async (connection) => {
            const [[found]] = await connection.execute<mysql.RowDataPacket[]>(
              'select campaign_id, position from call_attempts where call_id = ?',
              [callId],
            );
            if (found === undefined) return;
            await connection.execute('update campaigns set status = status where id = ?', [found['campaign_id']]);
            const [ended] = await connection.execute<mysql.ResultSetHeader>(
              "update call_attempts set outcome = 'answered', ended_at_ms = ?, ended_by = 'report' where call_id = ? and ended_at_ms is null",
              [nowMs, callId],
            );
            if (ended.affectedRows === 0) return;
            await connection.execute(
              "update campaign_calls set state = 'finished', next_attempt_at_ms = null, last_outcome = 'answered' where campaign_id = ? and position = ?",
              [found['campaign_id'], found['position']],
            );
            const [left] = await connection.execute<mysql.RowDataPacket[]>(
              "select position from campaign_calls where campaign_id = ? and state in ('waiting', 'dialling') limit 1",
              [found['campaign_id']],
            );
            if (left.length === 0) {
              await connection.execute(
                "update campaigns set status = 'completed', ended_at_ms = ? where id = ? and status in ('scheduled', 'running', 'paused')",
                [nowMs, found['campaign_id']],
              );
            }
          }),
        campaignId: async (campaign) => {
          const [[found]] = await pool.execute<mysql.RowDataPacket[]>('select id from campaigns where name = ?', [
            campaign,
          ]);
          return Number(found?.['id']);
        },
        close: () => pool.end(),
      };
    },
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

/** Four dialers leasing 100 at a time and reporting each call at once, until none is due; contacts a second. */
async function outboundLoop(url: string, campaign: string): Promise<number> {
  const startedAt = performance.now();
  let done = 0;
  const dialer = async () => {
    for (;;) {
      const { calls } = (await postJson(url, '/calls/lease', { max: PER_LEASE, campaign })) as {
        calls: { callId: string }[];
      };
      if (calls.length === 0) return;
      await Promise.all(calls.map(({ callId }) => postJson(url, `/calls/${callId}/outcome`, { outcome: 'answered' })));
      done += calls.length;
    }
  };
  await Promise.all(Array.from({ length: DIALERS }, dialer));
  return done / ((performance.now() - startedAt) / 1_000);
}

async function bareLoop(bare: BareDialer, campaignId: number): Promise<number> {
  const startedAt = performance.now();
  let done = 0;
  const dialer = async () => {
    for (;;) {
      const calls = await bare.claim(campaignId, Date.now());
      if (calls.length === 0) return;
      await Promise.all(calls.map((callId) => bare.report(callId, Date.now())));
      done += calls.length;
    }
  };
  await Promise.all(Array.from({ length: DIALERS }, dialer));
  return done / ((performance.now() - startedAt) / 1_000);
}

/** The median time of `LEASES_TIMED` leases of 100, in milliseconds, each lease's calls reported. */
async function leaseMs(url: string): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < LEASES_TIMED; index += 1) {
    const startedAt = performance.now();
    const { calls } = (await postJson(url, '/calls/lease', { max: PER_LEASE })) as { calls: { callId: string }[] };
    times.push(performance.now() - startedAt);
    await Promise.all(calls.map(({ callId }) => postJson(url, `/calls/${callId}/outcome`, { outcome: 'answered' })));
  }
  return median(times);
}

async function measure(storage: Storage): Promise<string[]> {
  const logs = mkdtempSync(join(tmpdir(), 'outbound_dispatch_logs_'));
  let outbound: OutboundProcess | undefined;
  let peak = 0;
  const watch = setInterval(() => {
    if (outbound !== undefined) peak = Math.max(peak, peakRssMb(outbound.pid));
  }, 250);
  try {
    outbound = await startOutbound({ DATABASE_URL: storage.url, BRAND_NAME: 'Bench' }, { cwd: logs });
    const { url } = outbound;
    const loopCampaign = await startedCampaign(url, 'loop', CONTACTS, 1);
    const outboundRate = await outboundLoop(url, loopCampaign);
    const bareCampaign = await startedCampaign(url, 'bare', CONTACTS, 2);
    const bare = await storage.bare();
    const bareRate = await bareLoop(bare, await bare.campaignId(bareCampaign));
    await bare.close();

    await startedCampaign(url, 'small', SMALL_CAMPAIGN, 3);
    const fromSmall = await leaseMs(url);
    for (let index = 0; index < BACKLOG_CAMPAIGNS; index += 1)
      await startedCampaign(url, `backlog_${index}`, CONTACTS, 10 + index);
    const fromBacklog = await leaseMs(url);
    peak = Math.max(peak, peakRssMb(outbound.pid));
    return [
      `| ${storage.label} | ${Math.round(bareRate)} | ${Math.round(outboundRate)} | **${(outboundRate / bareRate).toFixed(2)}** (≥ 0.7) | ${fromSmall.toFixed(1)} / ${fromBacklog.toFixed(1)} ms (**${(fromBacklog / fromSmall).toFixed(2)}**, ≤ 1.25) | ${Math.round(peak)} MB (< 256) |`,
    ];
  } finally {
    clearInterval(watch);
    await outbound?.stop();
    await storage.drop();
    rmSync(logs, { recursive: true, force: true });
  }
}

const rows: string[] = [];
if (ONLY === undefined || ONLY.includes('SQLite')) rows.push(...(await measure(sqliteStorage())));
const mysqlUrl = process.env['MYSQL_URL'];
if (mysqlUrl !== undefined && (ONLY === undefined || ONLY.includes('MySQL'))) {
  rows.push(...(await measure(await mysqlStorage(mysqlUrl))));
}
console.log(
  `Campaigns that run: ${CONTACTS.toLocaleString('en')} contacts, ${DIALERS} dialers leasing ${PER_LEASE} at a time and reporting each at once; a lease's median time from ${SMALL_CAMPAIGN.toLocaleString('en')} waiting contacts and from ${BACKLOG_CAMPAIGNS} campaigns of ${CONTACTS.toLocaleString('en')}`,
);
console.log(
  '| storage | bare contacts/s | outbound contacts/s | ratio (target) | lease from 1,000 / from the backlog | peak RSS |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
