// The SQL of a campaign's run that every lease and every reported outcome sends, through the driver
// (driver-session.ts), written once for both databases. The rest of the run's queries are built
// with knex in knex-campaign-runs.ts. Statements of a varying number of contacts are built once
// per count (at most a lease's maximum), so that SQLite prepares each once per connection.

import { builtOnce } from './driver-session.js';

/** A campaign's columns as its run reads them, here and through knex. */
export const RUN_COLUMNS = [
  'id',
  'owner',
  'name',
  'status',
  'row_count',
  'run_settings',
  'zone_keys',
  'started_at_ms',
  'ended_at_ms',
] as const;

/**
 * Values: the campaign's id. Writes the campaign's row as it is: on SQLite the transaction then
 * holds the file's write lock, on MySQL the row's lock (see KnexCampaignRuns).
 */
export const LOCK_CAMPAIGN = 'update campaigns set status = status where id = ?';

/** Values: the campaign's id. Columns: {@link RUN_COLUMNS}. */
export const RUN_BY_ID = `select ${RUN_COLUMNS.join(', ')} from campaigns where id = ?`;

/** Values: the campaign's id. */
export const SET_RUNNING = "update campaigns set status = 'running' where id = ?";

/** Values: the campaign's id. Columns: the number of its contacts being dialled. */
export const DIALLING_COUNT = "select count(*) from campaign_calls where campaign_id = ? and state = 'dialling'";

/** Values: the campaign's id, a time. Columns: the number of its calls handed out after that time. */
export const HANDED_OUT_SINCE = 'select count(*) from call_attempts where campaign_id = ? and handed_out_at_ms > ?';

const DUE_ORDER = 'next_attempt_at_ms <= ? order by next_attempt_at_ms, position limit ?';

/**
 * Values: the campaign's id, now, limit. Columns: position, attempts, next_attempt_at_ms. Read from
 * campaign_calls_due_index in the order the contacts are handed out, so a claim stops after `limit`.
 */
export const DUE_CONTACTS = `select position, attempts, next_attempt_at_ms from campaign_calls where campaign_id = ? and state = 'waiting' and ${DUE_ORDER}`;

/** Values: the campaign's id, the zone's index, now, limit. As {@link DUE_CONTACTS}, one zone's. */
export const DUE_CONTACTS_IN_ZONE = `select position, attempts, next_attempt_at_ms from campaign_calls where campaign_id = ? and state = 'waiting' and zone_index = ? and ${DUE_ORDER}`;

const placeholders = (count: number): string => `?${', ?'.repeat(count - 1)}`;

/** Values: the campaign's id, then `count` positions. Hands those contacts out. */
export const dialContacts = builtOnce(
  (count: number) =>
    `update campaign_calls set state = 'dialling', next_attempt_at_ms = null, attempts = attempts + 1 where campaign_id = ? and position in (${placeholders(count)})`,
);

/** Values: for each of `count` calls, call_id, campaign_id, position, attempt, handed_out_at_ms, lease_expires_at_ms. */
export const insertAttempts = builtOnce(
  (count: number) =>
    `insert into call_attempts (call_id, campaign_id, position, attempt, handed_out_at_ms, lease_expires_at_ms) values (?, ?, ?, ?, ?, ?)${', (?, ?, ?, ?, ?, ?)'.repeat(count - 1)}`,
);

/** Values: the campaign's id, then `count` positions. Columns: position, phone_number, name, other_details. */
export const rowsAtPositions = builtOnce(
  (count: number) =>
    `select position, phone_number, name, other_details from campaign_rows where campaign_id = ? and position in (${placeholders(count)})`,
);

/** An attempt's columns, in the order {@link CALL_BY_ID} selects them. */
export const ATTEMPT_COLUMNS = [
  'call_id',
  'campaign_id',
  'position',
  'attempt',
  'handed_out_at_ms',
  'lease_expires_at_ms',
  'outcome',
  'ended_at_ms',
  'ended_by',
  'duration_seconds',
  'external_call_id',
] as const;

/** Values: a call id. Columns: {@link ATTEMPT_COLUMNS}. */
export const CALL_BY_ID = `select ${ATTEMPT_COLUMNS.join(', ')} from call_attempts where call_id = ?`;

const CAMPAIGN_OF_CALL_COLUMNS = ['owner', 'name', 'run_settings'] as const;

/** The columns {@link CALL_WITH_CAMPAIGN} selects: the attempt's, then its campaign's. */
export const CALL_WITH_CAMPAIGN_COLUMNS = [...ATTEMPT_COLUMNS, ...CAMPAIGN_OF_CALL_COLUMNS] as const;

/** Values: a call id. Columns: {@link CALL_WITH_CAMPAIGN_COLUMNS}. */
export const CALL_WITH_CAMPAIGN = `select ${ATTEMPT_COLUMNS.map((column) => `a.${column}`).join(', ')}, ${CAMPAIGN_OF_CALL_COLUMNS.map((column) => `c.${column}`).join(', ')}
  from call_attempts a join campaigns c on c.id = a.campaign_id where a.call_id = ?`;

/** Values: outcome, ended_at_ms, ended_by, duration_seconds, external_call_id, the call id. Ends it unless it has ended. */
export const END_ATTEMPT =
  'update call_attempts set outcome = ?, ended_at_ms = ?, ended_by = ?, duration_seconds = ?, external_call_id = ? where call_id = ? and ended_at_ms is null';

/** Values: the last outcome, the campaign's id, the position. */
export const FINISH_CONTACT =
  "update campaign_calls set state = 'finished', next_attempt_at_ms = null, last_outcome = ? where campaign_id = ? and position = ?";

/** Values: the next attempt's time, the campaign's id, the position. */
export const RETRY_CONTACT =
  "update campaign_calls set state = 'waiting', next_attempt_at_ms = ?, last_outcome = null where campaign_id = ? and position = ?";

/** Values: the campaign's id. Ends the waiting contacts of a campaign past its end. */
export const EXPIRE_WAITING =
  "update campaign_calls set state = 'expired', next_attempt_at_ms = null where campaign_id = ? and state = 'waiting'";

/**
 * Values: the campaign's id, twice. Columns: a position of a contact being dialled, and one of a
 * contact waiting, each null when there is none. Each is a seek into the due index: one look-up of
 * both states may be planned as a walk along the primary key, past every contact already finished,
 * slower as the campaign nears its end.
 */
export const CONTACTS_LEFT =
  "select (select position from campaign_calls where campaign_id = ? and state = 'dialling' limit 1), (select position from campaign_calls where campaign_id = ? and state = 'waiting' limit 1)";

/** Values: ended_at_ms, the campaign's id. */
export const COMPLETE_CAMPAIGN =
  "update campaigns set status = 'completed', ended_at_ms = ? where id = ? and status in ('scheduled', 'running', 'paused')";
