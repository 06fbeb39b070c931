// The baseline of bench:dispatch: the statements a hand-written dialer service would run to hand
// out calls and record their outcomes, with the bare driver, the same statements outbound's adapter
// runs (one transaction per lease of up to 100 and one per outcome, each locking the campaign's row
// first, the call ids time-ordered as outbound's). Every contact is answered at once, so each
// outcome finishes it.
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { v7 as timeOrderedUuid } from 'uuid';

/** What a lease hands out of each call: its id and the contact's stored row. */
interface BareCall {
  readonly callId: string;
  readonly contact: Record<string, unknown>;
}

/** The claim and the report as the bare program runs them. */
export interface BareDispatch {
  claim(campaignId: number, nowMs: number): Promise<BareCall[]>;
  report(callId: string, nowMs: number): Promise<void>;
  campaignId(name: string): Promise<number>;
  close(): Promise<void>;
}

/** Whether any contact is being dialled, and any waiting: as outbound's adapter asks it. */
const CONTACTS_LEFT =
  "select (select position from campaign_calls where campaign_id = ? and state = 'dialling' limit 1), (select position from campaign_calls where campaign_id = ? and state = 'waiting' limit 1)";

/** Calls per lease, as the bench's dialers ask. */
export const PER_LEASE = 100;
/** Connections to MySQL: as many as outbound's pool holds. */
const MYSQL_CONNECTIONS = 10;

const contactOf = (phoneNumber: unknown, name: unknown, otherDetails: unknown): Record<string, unknown> => ({
  phone_number: phoneNumber,
  name,
  ...(JSON.parse(String(otherDetails)) as Record<string, unknown>),
});

/** The bare statements on the database `databaseUrl` names (`sqlite://FILE` or `mysql://…`). */
export function openBareDispatch(databaseUrl: string): BareDispatch {
  return databaseUrl.startsWith('sqlite://')
    ? bareSqlite(databaseUrl.slice('sqlite://'.length))
    : bareMysql(databaseUrl);
}

function bareSqlite(file: string): BareDispatch {
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
  const row = db
    .prepare('select phone_number, name, other_details from campaign_rows where campaign_id = ? and position = ?')
    .raw();
  const found = db.prepare('select campaign_id, position from call_attempts where call_id = ?');
  const end = db.prepare(
    "update call_attempts set outcome = 'answered', ended_at_ms = ?, ended_by = 'report' where call_id = ? and ended_at_ms is null",
  );
  const finish = db.prepare(
    "update campaign_calls set state = 'finished', next_attempt_at_ms = null, last_outcome = 'answered' where campaign_id = ? and position = ?",
  );
  const left = db.prepare(CONTACTS_LEFT).raw();
  const complete = db.prepare(
    "update campaigns set status = 'completed', ended_at_ms = ? where id = ? and status in ('scheduled', 'running', 'paused')",
  );
  const claim = db.transaction((campaignId: number, nowMs: number) => {
    lock.run(campaignId);
    const contacts = due.all(campaignId, nowMs, PER_LEASE) as { position: number; attempts: number }[];
    return contacts.map(({ position, attempts }) => {
      const callId = timeOrderedUuid();
      dial.run(campaignId, position);
      attempt.run(callId, campaignId, position, attempts + 1, nowMs, nowMs + 600_000);
      const [phoneNumber, name, otherDetails] = row.get(campaignId, position) as unknown[];
      return { callId, contact: contactOf(phoneNumber, name, otherDetails) };
    });
  });
  const report = db.transaction((callId: string, nowMs: number) => {
    const { campaign_id: campaignId, position } = found.get(callId) as { campaign_id: number; position: number };
    lock.run(campaignId);
    if (end.run(nowMs, callId).changes === 0) return;
    finish.run(campaignId, position);
    const [dialling, waiting] = left.get(campaignId, campaignId) as unknown[];
    if (dialling === null && waiting === null) complete.run(nowMs, campaignId);
  });
  return {
    claim: async (campaignId, nowMs) => claim.immediate(campaignId, nowMs),
    report: async (callId, nowMs) => report.immediate(callId, nowMs),
    campaignId: async (name) => (db.prepare('select id from campaigns where name = ?').get(name) as { id: number }).id,
    close: async () => {
      db.close();
    },
  };
}

function bareMysql(url: string): BareDispatch {
  const pool = mysql.createPool({ uri: url.toString(), connectionLimit: MYSQL_CONNECTIONS });
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
        if (contacts.length === 0) return [];
        const positions = contacts.map((contact) => Number(contact['position']));
        await connection.query(
          "update campaign_calls set state = 'dialling', next_attempt_at_ms = null, attempts = attempts + 1 where campaign_id = ? and position in (?)",
          [campaignId, positions],
        );
        const calls: (string | number)[][] = contacts.map((contact) => [
          timeOrderedUuid(),
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
        const contactAt = new Map(
          rows.map((row) => [
            Number(row['position']),
            contactOf(row['phone_number'], row['name'], row['other_details']),
          ]),
        );
        return calls.map(([callId, , position]) => ({
          callId: String(callId),
          contact: contactAt.get(Number(position)) ?? {},
        }));
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
        const [[left]] = await connection.query<mysql.RowDataPacket[][]>({ sql: CONTACTS_LEFT, rowsAsArray: true }, [
          found['campaign_id'],
          found['campaign_id'],
        ]);
        if (left?.[0] === null && left[1] === null) {
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
}
