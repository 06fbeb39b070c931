// Decorators record their metadata through the Reflect API when this class loads.
import 'reflect-metadata';
import {
  CALL_OUTCOMES,
  CALL_STATES,
  isFinal,
  runSettingsFromJson,
  runSettingsJson,
  type CallEnding,
  type CallOutcome,
  type CallPage,
  type CallRecord,
  type CallSettlement,
  type CallState,
  type CampaignRun,
  type CampaignRunSettings,
  type CampaignRuns,
  type CampaignStatus,
  type ClaimQuery,
  type ClaimableRun,
  type DecidedSettlement,
  type LeasedCall,
  type OwnedName,
  type RowPageQuery,
  type RunSettingsJson,
  type RunStart,
  type SkipReason,
  type StartRunResult,
} from '@outbound/domain';
import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { v7 as timeOrderedUuid } from 'uuid';
import {
  ATTEMPT_COLUMNS,
  CALL_BY_ID,
  CALL_WITH_CAMPAIGN,
  CALL_WITH_CAMPAIGN_COLUMNS,
  COMPLETE_CAMPAIGN,
  CONTACTS_LEFT,
  DIALLING_COUNT,
  DUE_CONTACTS,
  DUE_CONTACTS_IN_ZONE,
  END_ATTEMPT,
  EXPIRE_WAITING,
  FINISH_CONTACT,
  HANDED_OUT_SINCE,
  LOCK_CAMPAIGN,
  RETRY_CONTACT,
  RUN_BY_ID,
  RUN_COLUMNS,
  SET_RUNNING,
  dialContacts,
  insertAttempts,
  rowsAtPositions,
} from './campaign-run-statements.js';
import {
  inWriteTransaction,
  readThenWrite,
  withDriverSession,
  type DriverSession,
  type SqlValue,
} from './driver-session.js';
import { KnexToken } from './knex-token.js';
import { createdByOf, ownerColumn } from './owner-column.js';
import { parsedRows, inTransaction } from './sql-rows.js';

const MINUTE_MS = 60_000;
/**
 * Contacts written per INSERT when a campaign starts. knex writes a multi-row insert for SQLite as
 * one SELECT per row joined by UNION ALL, and SQLite refuses a compound SELECT of more than 500
 * terms; 500 rows of seven columns also stay well within both engines' limits on placeholders.
 */
const CONTACTS_PER_INSERT = 500;
const SKIP_REASONS: readonly SkipReason[] = ['unknown-time-zone', 'no-common-calling-hours'];

interface RunRecord {
  readonly id: number;
  readonly owner: string;
  readonly name: string;
  readonly status: CampaignStatus;
  readonly row_count: number;
  readonly run_settings: string | null;
  readonly zone_keys: string | null;
  // MySQL hands BIGINT back as a string.
  readonly started_at_ms: number | string | null;
  readonly ended_at_ms: number | string | null;
}

/** One contact's row of campaign_calls. */
interface ContactCallRecord {
  readonly state: CallState;
  readonly zone_index: number;
  readonly attempts: number;
  readonly last_outcome: CallOutcome | null;
  readonly next_attempt_at_ms: number | string | null;
  readonly skip_reason: SkipReason | null;
}

const CONTACT_CALL_COLUMNS = [
  'state',
  'zone_index',
  'attempts',
  'last_outcome',
  'next_attempt_at_ms',
  'skip_reason',
] as const;

interface AttemptRecord {
  readonly call_id: string;
  readonly campaign_id: number;
  readonly position: number;
  readonly attempt: number;
  readonly handed_out_at_ms: number | string;
  readonly lease_expires_at_ms: number | string;
  readonly outcome: CallOutcome | null;
  readonly ended_at_ms: number | string | null;
  readonly ended_by: CallEnding['by'] | null;
  readonly duration_seconds: number | null;
  readonly external_call_id: string | null;
}

const msOf = (value: number | string): number => Number(value);
const dateOrNull = (value: number | string | null): Date | null => (value === null ? null : new Date(msOf(value)));

function settingsOf(record: Pick<RunRecord, 'id' | 'run_settings'>): CampaignRunSettings {
  if (record.run_settings === null) throw new Error(`campaign ${record.id} has no run settings`);
  return runSettingsFromJson(JSON.parse(record.run_settings) as RunSettingsJson);
}

function zoneKeysOf(record: Pick<RunRecord, 'zone_keys'>): string[] {
  return record.zone_keys === null ? [] : (JSON.parse(record.zone_keys) as string[]);
}

function zeroPer<Key extends string>(keys: readonly Key[]): Record<Key, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<Key, number>;
}

/** From `endAt` on, no call is handed out and the contacts still waiting are expired. */
function isPastEnd(settings: CampaignRunSettings, now: Date): boolean {
  return settings.endAt !== null && settings.endAt <= now;
}

/**
 * {@link CampaignRuns} on knex (MySQL or SQLite). Every write begins by writing the campaign's row
 * (its status, unchanged, when nothing else changes): on SQLite that takes the file's write lock at
 * once, and on MySQL it locks the row, so that the writes of one campaign, claims and settlements
 * of every process alike, follow one another, always taking their locks in the same order
 * (campaign, then contacts, then attempts). Counts taken for pacing and the claim then see every
 * write committed before. A lease and a reported outcome, the run's busiest paths, speak to the
 * driver (campaign-run-statements.ts); the rest is built with knex.
 */
@injectable()
export class KnexCampaignRuns implements CampaignRuns {
  constructor(@inject(KnexToken) private readonly knex: Knex) {}

  async findRun({ createdBy, name }: OwnedName, now: Date): Promise<CampaignRun | null> {
    return this.knex.transaction(async (trx) => {
      const record = await trx('campaigns')
        .first<RunRecord | undefined>(RUN_COLUMNS)
        .where({ owner: ownerColumn(createdBy), name });
      return record === undefined ? null : runOf(trx, record, now);
    });
  }

  async readCalls({ createdBy, name }: OwnedName, { fromPosition, limit }: RowPageQuery): Promise<CallPage | null> {
    return this.knex.transaction(async (trx) => {
      const record = await trx('campaigns')
        .first<Pick<RunRecord, 'id' | 'run_settings' | 'zone_keys'> | undefined>('id', 'run_settings', 'zone_keys')
        .where({ owner: ownerColumn(createdBy), name });
      if (record === undefined) return null;
      if (record.run_settings === null) return { settings: null, calls: [] };
      const zoneKeys = zoneKeysOf(record);
      // A range of the primary key (campaign_id, position): a page reads its own contacts only.
      const stored = await trx('campaign_calls')
        .select<ContactCallRecord[]>(CONTACT_CALL_COLUMNS)
        .where('campaign_id', record.id)
        .where('position', '>=', fromPosition)
        .where('position', '<', fromPosition + limit)
        .orderBy('position');
      return {
        settings: settingsOf(record),
        calls: stored.map((call) => ({
          zoneKey: zoneKeys[call.zone_index] ?? '',
          state: call.state,
          attempts: call.attempts,
          lastOutcome: call.last_outcome,
          nextAttemptAt: dateOrNull(call.next_attempt_at_ms),
          skipReason: call.skip_reason,
        })),
      };
    });
  }

  async start(start: RunStart): Promise<StartRunResult | null> {
    const owner = ownerColumn(start.campaign.createdBy);
    const zoneKeys = [...new Set(start.contacts.map(({ zoneKey }) => zoneKey))];
    const zoneIndex = new Map(zoneKeys.map((zoneKey, index) => [zoneKey, index]));
    return inTransaction(this.knex, async (trx) => {
      const started = await trx('campaigns')
        .where({ owner, name: start.campaign.name, status: 'not-yet-started' })
        .update({
          status: start.status,
          run_settings: JSON.stringify(runSettingsJson(start.settings)),
          zone_keys: JSON.stringify(zoneKeys),
          started_at_ms: start.at.getTime(),
          ...(start.status === 'completed' ? { ended_at_ms: start.at.getTime() } : {}),
        });
      const record = await trx('campaigns')
        .first<RunRecord | undefined>(RUN_COLUMNS)
        .where({ owner, name: start.campaign.name });
      if (record === undefined) return null;
      if (started === 0) return { status: 'not-startable', run: await runOf(trx, record, start.at) };
      if (record.row_count !== start.contacts.length) {
        throw new Error(`a start plans ${start.contacts.length} contacts for a campaign of ${record.row_count} rows`);
      }
      const firstAttemptAtMs = (start.settings.startAt ?? start.at).getTime();
      for (let from = 0; from < start.contacts.length; from += CONTACTS_PER_INSERT) {
        await trx('campaign_calls').insert(
          start.contacts.slice(from, from + CONTACTS_PER_INSERT).map(({ zoneKey, skipped }, index) => ({
            campaign_id: record.id,
            position: from + index,
            state: skipped === null ? 'waiting' : 'skipped',
            zone_index: zoneIndex.get(zoneKey) ?? 0,
            next_attempt_at_ms: skipped === null ? firstAttemptAtMs : null,
            attempts: 0,
            skip_reason: skipped,
          })),
        );
      }
      return { status: 'started' };
    });
  }

  async changeStatus(
    { createdBy, name }: OwnedName,
    { from, to, at }: { readonly from: CampaignStatus; readonly to: CampaignStatus; readonly at: Date },
  ): Promise<'changed' | 'stale' | null> {
    const owner = ownerColumn(createdBy);
    const changed = await this.knex('campaigns')
      .where({ owner, name, status: from })
      .update({ status: to, ...(isFinal(to) ? { ended_at_ms: at.getTime() } : {}) });
    if (changed > 0) return 'changed';
    const exists = await this.knex('campaigns').first<{ id: number } | undefined>('id').where({ owner, name });
    return exists === undefined ? null : 'stale';
  }

  async findClaimable({
    now,
    owner,
    name,
  }: {
    readonly now: Date;
    readonly owner?: string | null;
    readonly name?: string;
  }): Promise<ClaimableRun[]> {
    let query = this.knex('campaigns')
      .select<RunRecord[]>(RUN_COLUMNS)
      .whereIn('status', ['running', 'scheduled'])
      .orderBy([{ column: 'started_at_ms' }, { column: 'id' }]);
    if (owner !== undefined) query = query.where('owner', ownerColumn(owner));
    if (name !== undefined) query = query.where('name', name);
    const records = await query;
    const claimable: ClaimableRun[] = [];
    for (const record of records) {
      const settings = settingsOf(record);
      if (record.status === 'scheduled' && !startHasCome(record, settings, now)) continue;
      claimable.push({
        runId: String(record.id),
        createdBy: createdByOf(record.owner),
        name: record.name,
        settings,
        zoneKeys: zoneKeysOf(record),
      });
    }
    return claimable;
  }

  async claim(runId: string, query: ClaimQuery): Promise<LeasedCall[]> {
    const campaignId = Number(runId);
    if (!Number.isSafeInteger(campaignId)) return [];
    const nowMs = query.now.getTime();
    return inWriteTransaction(this.knex, async (session) => {
      const record = await lockCampaign(session, campaignId);
      if (record === undefined || record.run_settings === null) return [];
      const settings = settingsOf(record);
      let { status } = record;
      if (status === 'scheduled' && startHasCome(record, settings, query.now)) {
        await session.write(SET_RUNNING, [campaignId]);
        status = 'running';
      }
      if (status !== 'running' || isPastEnd(settings, query.now)) return [];
      const room = Math.min(query.max, await roomFor(session, campaignId, settings, nowMs));
      if (room <= 0) return [];
      const due = await dueContacts(session, campaignId, zoneKeysOf(record), query, room);
      if (due.length === 0) return [];
      const positions = due.map(({ position }) => position);
      await session.write(dialContacts(positions.length), [campaignId, ...positions]);
      const leaseExpiresAtMs = query.leaseExpiresAt.getTime();
      // A call id is call_attempts' primary key: ids that grow with time put a lease's new attempts,
      // and the look-ups of the reports that follow, on the key's last pages rather than each on a
      // page of its own, which a database whose cache is smaller than its tables reads from disk.
      const calls = due.map(({ position, attempts }) => ({
        callId: timeOrderedUuid(),
        position,
        attempt: attempts + 1,
      }));
      await session.write(
        insertAttempts(calls.length),
        calls.flatMap(({ callId, position, attempt }) => [
          callId,
          campaignId,
          position,
          attempt,
          nowMs,
          leaseExpiresAtMs,
        ]),
      );
      const rows = await session.select(rowsAtPositions(positions.length), [campaignId, ...positions]);
      const rowAt = new Map(rows.map(([position, ...row]) => [Number(position), row]));
      const campaign = { createdBy: createdByOf(record.owner), name: record.name };
      const leaseExpiresAt = new Date(leaseExpiresAtMs);
      return calls.map(({ callId, position, attempt }) => {
        const row = rowAt.get(position);
        if (row === undefined) throw new Error(`campaign ${campaignId} has no row at ${position}`);
        const [contact] = parsedRows([row]);
        if (contact === undefined) throw new Error(`campaign ${campaignId}'s row at ${position} cannot be read`);
        return { callId, campaign, attempt, leaseExpiresAt, contact };
      });
    });
  }

  async findCall(callId: string): Promise<CallRecord | null> {
    return withDriverSession(this.knex, async (session) => {
      const found = await callWithCampaign(session, callId);
      return found === undefined ? null : callRecordOf(callId, found);
    });
  }

  async settle(callId: string, settlement: CallSettlement): Promise<'settled' | 'already-ended' | null> {
    return readThenWrite(
      this.knex,
      (session) => attemptOf(session, callId),
      async (session, attempt) => (attempt === undefined ? null : settleOn(session, callId, attempt, settlement)),
    );
  }

  async settleAsDecided(
    callId: string,
    decide: (call: CallRecord) => CallSettlement | null,
  ): Promise<DecidedSettlement | null> {
    return readThenWrite(
      this.knex,
      (session) => callWithCampaign(session, callId),
      async (session, found): Promise<DecidedSettlement | null> => {
        if (found === undefined) return null;
        const call = callRecordOf(callId, found);
        const settlement = decide(call);
        if (settlement === null) return { call, settlement, result: 'not-settled' };
        return { call, settlement, result: await settleOn(session, callId, found, settlement) };
      },
    );
  }

  async findExpiredLeases({ now, limit }: { readonly now: Date; readonly limit: number }): Promise<string[]> {
    const rows = await this.knex('call_attempts')
      .select<{ call_id: string }[]>('call_id')
      .whereNull('ended_at_ms')
      .where('lease_expires_at_ms', '<=', now.getTime())
      .orderBy([{ column: 'lease_expires_at_ms' }, { column: 'handed_out_at_ms' }])
      .limit(limit);
    return rows.map((row) => row.call_id);
  }

  async expireEnded(now: Date): Promise<number> {
    const records = await this.knex('campaigns')
      .select<Pick<RunRecord, 'id' | 'run_settings'>[]>('id', 'run_settings')
      .whereIn('status', ['scheduled', 'running', 'paused'])
      .whereNotNull('run_settings');
    let expired = 0;
    for (const record of records) {
      if (!isPastEnd(settingsOf(record), now)) continue;
      expired += await inWriteTransaction(this.knex, async (session) => {
        const locked = await lockCampaign(session, record.id);
        // Ended or cancelled meanwhile, by another process.
        if (locked === undefined || isFinal(locked.status)) return 0;
        const count = await session.write(EXPIRE_WAITING, [record.id]);
        await completeWhenDone(session, record.id, now.getTime());
        return count;
      });
    }
    return expired;
  }
}

/**
 * Writes the campaign's row as it is, which locks it (see {@link KnexCampaignRuns}), and reads it;
 * undefined when there is none.
 */
async function lockCampaign(session: DriverSession, campaignId: number): Promise<RunRecord | undefined> {
  await session.write(LOCK_CAMPAIGN, [campaignId]);
  const [row] = await session.select(RUN_BY_ID, [campaignId]);
  return row === undefined ? undefined : keyedBy<RunRecord>(RUN_COLUMNS, row);
}

/** An attempt with what its settlement needs of its campaign. */
type AttemptWithCampaign = AttemptRecord & Pick<RunRecord, 'owner' | 'name' | 'run_settings'>;

/** The attempt a call id names, with its campaign's owner, name and settings; undefined when there is none. */
async function callWithCampaign(session: DriverSession, callId: string): Promise<AttemptWithCampaign | undefined> {
  const [row] = await session.select(CALL_WITH_CAMPAIGN, [callId]);
  return ofCall(callId, row === undefined ? undefined : keyedBy<AttemptWithCampaign>(CALL_WITH_CAMPAIGN_COLUMNS, row));
}

/**
 * `found` when it is the attempt of exactly `callId`: MariaDB compares text ignoring trailing
 * spaces (its binary collations too), so `callId` with a space added would find the attempt.
 */
function ofCall<Found extends Pick<AttemptRecord, 'call_id'>>(
  callId: string,
  found: Found | undefined,
): Found | undefined {
  return found?.call_id === callId ? found : undefined;
}

function callRecordOf(callId: string, found: AttemptWithCampaign): CallRecord {
  return {
    callId,
    campaign: { createdBy: createdByOf(found.owner), name: found.name },
    attempt: found.attempt,
    handedOutAt: new Date(msOf(found.handed_out_at_ms)),
    leaseExpiresAt: new Date(msOf(found.lease_expires_at_ms)),
    settings: settingsOf({ id: found.campaign_id, run_settings: found.run_settings }),
    ended: endingOf(found),
  };
}

/**
 * Ends the attempt `callId` with `settlement` inside a transaction, its campaign's lock taken
 * first, unless it has ended. The attempt must have been read before the transaction, not in it:
 * on MySQL a transaction's reads see the database as it was at its first read, which must come
 * after the campaign's lock, or the look-up for contacts left would miss what other settlements
 * committed meanwhile and never complete the campaign.
 */
async function settleOn(
  session: DriverSession,
  callId: string,
  attempt: Pick<AttemptRecord, 'campaign_id' | 'position'>,
  settlement: CallSettlement,
): Promise<'settled' | 'already-ended'> {
  const campaignId = attempt.campaign_id;
  const endedAtMs = settlement.endedAt.getTime();
  await session.write(LOCK_CAMPAIGN, [campaignId]);
  const ended = await session.write(END_ATTEMPT, [
    settlement.outcome,
    endedAtMs,
    settlement.by,
    settlement.durationSeconds,
    settlement.externalCallId,
    callId,
  ]);
  if (ended === 0) return 'already-ended';
  const { retryAt } = settlement;
  if (retryAt === null) {
    await session.write(FINISH_CONTACT, [settlement.outcome, campaignId, attempt.position]);
    await completeWhenDone(session, campaignId, endedAtMs);
  } else {
    // A contact called again later keeps its campaign running.
    await session.write(RETRY_CONTACT, [retryAt.getTime(), campaignId, attempt.position]);
  }
  return 'settled';
}

/** The attempt a call id names, as call_attempts holds it; undefined when there is none. */
async function attemptOf(session: DriverSession, callId: string): Promise<AttemptRecord | undefined> {
  const [row] = await session.select(CALL_BY_ID, [callId]);
  return ofCall(callId, row === undefined ? undefined : keyedBy<AttemptRecord>(ATTEMPT_COLUMNS, row));
}

/**
 * A row the driver answered as an array, keyed by the columns it was selected with, in their order:
 * the record knex would have answered for the same columns, its values as the driver gives them.
 */
function keyedBy<Record>(columns: readonly (keyof Record & string)[], row: readonly unknown[]): Record {
  return Object.fromEntries(columns.map((column, index) => [column, row[index]])) as Record;
}

function startHasCome(record: RunRecord, settings: CampaignRunSettings, now: Date): boolean {
  const startAtMs = settings.startAt?.getTime() ?? msOf(record.started_at_ms ?? 0);
  return startAtMs <= now.getTime();
}

/** The one number a `count(*)` statement selects. */
async function countOf(session: DriverSession, sql: string, values: readonly SqlValue[]): Promise<number> {
  const [row] = await session.select(sql, values);
  return Number(row?.[0] ?? 0);
}

/** How many more calls the pacing limits allow at `nowMs`: calls out, and calls handed out in the minute before. */
async function roomFor(
  session: DriverSession,
  campaignId: number,
  settings: CampaignRunSettings,
  nowMs: number,
): Promise<number> {
  let room = Number.POSITIVE_INFINITY;
  if (settings.maxConcurrentCalls !== null) {
    room = Math.min(room, settings.maxConcurrentCalls - (await countOf(session, DIALLING_COUNT, [campaignId])));
  }
  if (settings.callsPerMinute !== null) {
    const recent = await countOf(session, HANDED_OUT_SINCE, [campaignId, nowMs - MINUTE_MS]);
    room = Math.min(room, settings.callsPerMinute - recent);
  }
  return room;
}

interface DueContact {
  readonly position: number;
  readonly attempts: number;
  readonly nextAttemptAtMs: number;
}

/**
 * The contacts due at `query.now` in its open zones, by next attempt time then position, at most
 * `limit`. Each open zone is read on its own, in that order, from the index that leads with it, so
 * a claim reads no more than `limit` contacts of a zone however many wait.
 */
async function dueContacts(
  session: DriverSession,
  campaignId: number,
  zoneKeys: readonly string[],
  { now, openZoneKeys }: ClaimQuery,
  limit: number,
): Promise<DueContact[]> {
  const nowMs = now.getTime();
  const dueIn = async (zoneIndex: number | null): Promise<DueContact[]> => {
    const rows =
      zoneIndex === null
        ? await session.select(DUE_CONTACTS, [campaignId, nowMs, limit])
        : await session.select(DUE_CONTACTS_IN_ZONE, [campaignId, zoneIndex, nowMs, limit]);
    return rows.map(([position, attempts, nextAttemptAtMs]) => ({
      position: Number(position),
      attempts: Number(attempts),
      nextAttemptAtMs: Number(nextAttemptAtMs),
    }));
  };
  if (openZoneKeys === null) return dueIn(null);
  const open = new Set(openZoneKeys);
  const byZone: DueContact[] = [];
  for (const [zoneIndex, zoneKey] of zoneKeys.entries()) {
    if (open.has(zoneKey)) byZone.push(...(await dueIn(zoneIndex)));
  }
  return byZone.sort((a, b) => a.nextAttemptAtMs - b.nextAttemptAtMs || a.position - b.position).slice(0, limit);
}

/** Completes the campaign at `atMs` when it still runs and no contact is waiting or dialling. */
async function completeWhenDone(session: DriverSession, campaignId: number, atMs: number): Promise<void> {
  const [[dialling, waiting] = []] = await session.select(CONTACTS_LEFT, [campaignId, campaignId]);
  if (dialling !== null || waiting !== null) return;
  await session.write(COMPLETE_CAMPAIGN, [atMs, campaignId]);
}

function endingOf(record: AttemptRecord): CallEnding | null {
  if (record.ended_at_ms === null || record.outcome === null || record.ended_by === null) return null;
  return {
    outcome: record.outcome,
    endedAt: new Date(msOf(record.ended_at_ms)),
    by: record.ended_by,
    durationSeconds: record.duration_seconds,
    externalCallId: record.external_call_id,
  };
}

interface CountRecord {
  readonly state: CallState;
  readonly last_outcome: CallOutcome | null;
  readonly skip_reason: SkipReason | null;
  readonly zone_index: number;
  readonly reached: number | string;
  readonly contacts: number | string;
  readonly attempts: number | string | null;
}

/** The run of a campaign as {@link CampaignRuns.findRun} answers it, its counts as of `now`. */
async function runOf(trx: Knex.Transaction, record: RunRecord, now: Date): Promise<CampaignRun> {
  const contacts = zeroPer<CallState>(CALL_STATES);
  const outcomes = zeroPer<CallOutcome>(CALL_OUTCOMES);
  const skipped = zeroPer<SkipReason>(SKIP_REASONS);
  const reached = new Map<string, number>();
  const zoneKeys = zoneKeysOf(record);
  let attempts = 0;
  const groups: CountRecord[] = await trx('campaign_calls')
    .select(
      'state',
      'last_outcome',
      'skip_reason',
      'zone_index',
      trx.raw('case when next_attempt_at_ms <= ? then 1 else 0 end as reached', [now.getTime()]),
      trx.raw('count(*) as contacts'),
      trx.raw('sum(attempts) as attempts'),
    )
    .where('campaign_id', record.id)
    .groupBy('state', 'last_outcome', 'skip_reason', 'zone_index', 'reached');
  for (const group of groups) {
    const count = Number(group.contacts);
    contacts[group.state] += count;
    attempts += Number(group.attempts ?? 0);
    if (group.state === 'finished' && group.last_outcome !== null) outcomes[group.last_outcome] += count;
    if (group.skip_reason !== null) skipped[group.skip_reason] += count;
    if (group.state === 'waiting' && Number(group.reached) === 1) {
      const zoneKey = zoneKeys[group.zone_index] ?? '';
      reached.set(zoneKey, (reached.get(zoneKey) ?? 0) + count);
    }
  }
  return {
    createdBy: createdByOf(record.owner),
    name: record.name,
    status: record.status,
    settings: record.run_settings === null ? null : settingsOf(record),
    startedAt: dateOrNull(record.started_at_ms),
    endedAt: dateOrNull(record.ended_at_ms),
    rowCount: record.row_count,
    contacts,
    outcomes,
    skipped,
    attempts,
    waitingReached: Array.from(reached, ([zoneKey, count]) => ({ zoneKey, count })),
  };
}
