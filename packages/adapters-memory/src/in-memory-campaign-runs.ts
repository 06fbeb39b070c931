// Decorators record their metadata through the Reflect API when this class loads.
import 'reflect-metadata';
import {
  CALL_OUTCOMES,
  CALL_STATES,
  isFinal,
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
  type ContactRow,
  type DecidedSettlement,
  type LeasedCall,
  type OwnedName,
  type RowPageQuery,
  type RunStart,
  type SkipReason,
  type StartRunResult,
} from '@outbound/domain';
import { inject, injectable } from 'inversify';
import { randomUUID } from 'node:crypto';

import {
  InMemoryStore,
  type StoredCall,
  type StoredCampaign,
  type StoredRun,
  type StoredRunContact,
} from './in-memory-store.js';

const MINUTE_MS = 60_000;

/**
 * {@link CampaignRuns} in process memory, over the campaigns of the {@link InMemoryStore} the
 * uploader writes: for tests, demos and embedding without a database. Each method does all its
 * work before its first await, so it is atomic against every other call in the process; nothing is
 * shared with another process. Results are copies: changing them changes nothing stored.
 */
@injectable()
export class InMemoryCampaignRuns implements CampaignRuns {
  constructor(@inject(InMemoryStore) private readonly store: InMemoryStore) {}

  async findRun(campaign: OwnedName, now: Date): Promise<CampaignRun | null> {
    const stored = this.store.campaigns.get(campaign);
    return stored === undefined ? null : runOf(stored, this.store.runs.get(stored), now);
  }

  async readCalls(campaign: OwnedName, { fromPosition, limit }: RowPageQuery): Promise<CallPage | null> {
    if (this.store.campaigns.get(campaign) === undefined) return null;
    const run = this.store.runs.get(campaign);
    if (run === undefined) return { settings: null, calls: [] };
    return {
      settings: structuredClone(run.settings),
      calls: run.contacts
        .slice(fromPosition, fromPosition + limit)
        .map(({ zoneKey, state, attempts, outcome, nextAttemptAt, skipped }) => ({
          zoneKey,
          state,
          attempts,
          lastOutcome: outcome,
          nextAttemptAt: nextAttemptAt === null ? null : new Date(nextAttemptAt),
          skipReason: skipped,
        })),
    };
  }

  async start(start: RunStart): Promise<StartRunResult | null> {
    const campaign = this.store.campaigns.get(start.campaign);
    if (campaign === undefined) return null;
    if (campaign.status !== 'not-yet-started') {
      return { status: 'not-startable', run: runOf(campaign, this.store.runs.get(campaign), start.at) };
    }
    if (start.contacts.length !== campaign.rows.length) {
      throw new Error(`a start plans ${start.contacts.length} contacts for a campaign of ${campaign.rows.length} rows`);
    }
    const firstAttemptAt = start.settings.startAt ?? start.at;
    const run: StoredRun = {
      createdBy: campaign.createdBy,
      name: campaign.name,
      runId: randomUUID(),
      settings: structuredClone(start.settings),
      startedAt: new Date(start.at),
      zoneKeys: [...new Set(start.contacts.map((contact) => contact.zoneKey))],
      contacts: start.contacts.map(({ zoneKey, skipped }) => ({
        zoneKey,
        skipped,
        state: skipped === null ? 'waiting' : 'skipped',
        nextAttemptAt: skipped === null ? new Date(firstAttemptAt) : null,
        attempts: 0,
        outcome: null,
      })),
      calls: [],
    };
    this.store.runs.set(run);
    this.store.runsById.set(run.runId, run);
    this.changeCampaign(campaign, start.status, start.at);
    return { status: 'started' };
  }

  async changeStatus(
    campaign: OwnedName,
    { from, to, at }: { readonly from: CampaignStatus; readonly to: CampaignStatus; readonly at: Date },
  ): Promise<'changed' | 'stale' | null> {
    const stored = this.store.campaigns.get(campaign);
    if (stored === undefined) return null;
    if (stored.status !== from) return 'stale';
    this.changeCampaign(stored, to, at);
    return 'changed';
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
    const runs = owner === undefined ? this.store.runs.values() : this.store.runs.ownedBy(owner);
    return Array.from(runs)
      .filter((run) => (name === undefined || run.name === name) && this.mayHandOut(run, now))
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
      .map(({ runId, createdBy, name: runName, settings, zoneKeys }) => ({
        runId,
        createdBy,
        name: runName,
        settings: structuredClone(settings),
        zoneKeys: [...zoneKeys],
      }));
  }

  async claim(runId: string, query: ClaimQuery): Promise<LeasedCall[]> {
    const run = this.store.runsById.get(runId);
    if (run === undefined) return [];
    let campaign = this.campaignOf(run);
    if (campaign.status === 'scheduled' && startHasCome(run, query.now)) {
      campaign = this.changeCampaign(campaign, 'running', query.now);
    }
    if (campaign.status !== 'running' || isPastEnd(run.settings, query.now)) return [];
    const allowed = Math.min(query.max, roomFor(run, query.now));
    return dueContacts(run, query)
      .slice(0, Math.max(allowed, 0))
      .map((position) => this.handOut(run, campaign, position, query));
  }

  async findCall(callId: string): Promise<CallRecord | null> {
    const call = this.store.calls.get(callId);
    if (call === undefined) return null;
    const run = this.runById(call.runId);
    return {
      callId,
      campaign: { createdBy: run.createdBy, name: run.name },
      attempt: call.attempt,
      handedOutAt: new Date(call.handedOutAt),
      leaseExpiresAt: new Date(call.leaseExpiresAt),
      settings: structuredClone(run.settings),
      ended: call.ended === null ? null : { ...call.ended, endedAt: new Date(call.ended.endedAt) },
    };
  }

  async settle(callId: string, settlement: CallSettlement): Promise<'settled' | 'already-ended' | null> {
    const call = this.store.calls.get(callId);
    if (call === undefined) return null;
    if (call.ended !== null) return 'already-ended';
    const { outcome, endedAt, by, durationSeconds, externalCallId, retryAt } = settlement;
    call.ended = { outcome, endedAt: new Date(endedAt), by, durationSeconds, externalCallId };
    const run = this.runById(call.runId);
    const contact = contactAt(run, call.position);
    if (retryAt === null) moveTo(contact, 'finished', null, outcome);
    else moveTo(contact, 'waiting', new Date(retryAt), null);
    this.completeWhenDone(run, endedAt);
    return 'settled';
  }

  async settleAsDecided(
    callId: string,
    decide: (call: CallRecord) => CallSettlement | null,
  ): Promise<DecidedSettlement | null> {
    const call = await this.findCall(callId);
    if (call === null) return null;
    const settlement = decide(call);
    if (settlement === null) return { call, settlement, result: 'not-settled' };
    return { call, settlement, result: (await this.settle(callId, settlement)) ?? 'already-ended' };
  }

  async findExpiredLeases({ now, limit }: { readonly now: Date; readonly limit: number }): Promise<string[]> {
    return Array.from(this.store.calls.values())
      .filter((call) => call.ended === null && call.leaseExpiresAt <= now)
      .sort(
        (a, b) =>
          a.leaseExpiresAt.getTime() - b.leaseExpiresAt.getTime() || a.handedOutAt.getTime() - b.handedOutAt.getTime(),
      )
      .slice(0, limit)
      .map((call) => call.callId);
  }

  async expireEnded(now: Date): Promise<number> {
    let expired = 0;
    for (const run of this.store.runs.values()) {
      if (isFinal(this.campaignOf(run).status) || !isPastEnd(run.settings, now)) continue;
      for (const contact of run.contacts) {
        if (contact.state !== 'waiting') continue;
        moveTo(contact, 'expired', null, null);
        expired += 1;
      }
      this.completeWhenDone(run, now);
    }
    return expired;
  }

  /** Whether `run` may hand out calls at `now`: running, or scheduled with its start come. */
  private mayHandOut(run: StoredRun, now: Date): boolean {
    const { status } = this.campaignOf(run);
    return status === 'running' || (status === 'scheduled' && startHasCome(run, now));
  }

  /** Makes the contact at `position` dialling under a new call, and answers the call. */
  private handOut(run: StoredRun, campaign: StoredCampaign, position: number, query: ClaimQuery): LeasedCall {
    const contact = contactAt(run, position);
    moveTo(contact, 'dialling', null, null);
    contact.attempts += 1;
    const call: StoredCall = {
      callId: randomUUID(),
      runId: run.runId,
      position,
      attempt: contact.attempts,
      handedOutAt: new Date(query.now),
      leaseExpiresAt: new Date(query.leaseExpiresAt),
      ended: null,
    };
    run.calls.push(call);
    this.store.calls.set(call.callId, call);
    return {
      callId: call.callId,
      campaign: { createdBy: run.createdBy, name: run.name },
      attempt: call.attempt,
      leaseExpiresAt: new Date(call.leaseExpiresAt),
      contact: structuredClone(campaign.rows[position] as ContactRow),
    };
  }

  /** Completes the campaign of `run` at `at` when it still runs and no contact is waiting or dialling. */
  private completeWhenDone(run: StoredRun, at: Date): void {
    const campaign = this.campaignOf(run);
    if (campaign.status === 'not-yet-started' || isFinal(campaign.status)) return;
    if (run.contacts.some((contact) => contact.state === 'waiting' || contact.state === 'dialling')) return;
    this.changeCampaign(campaign, 'completed', at);
  }

  /** Replaces the campaign's record with one of `status`, ended at `at` when that status is an end. */
  private changeCampaign(campaign: StoredCampaign, status: CampaignStatus, at: Date): StoredCampaign {
    const changed = { ...campaign, status, endedAt: isFinal(status) ? new Date(at) : campaign.endedAt };
    this.store.campaigns.set(changed);
    return changed;
  }

  private campaignOf(run: StoredRun): StoredCampaign {
    const campaign = this.store.campaigns.get(run);
    if (campaign === undefined) throw new Error(`run ${run.runId} has lost its campaign`);
    return campaign;
  }

  private runById(runId: string): StoredRun {
    const run = this.store.runsById.get(runId);
    if (run === undefined) throw new Error(`a call names run ${runId}, which is not stored`);
    return run;
  }
}

/** The run of `campaign` as {@link CampaignRuns.findRun} answers it, its counts as of `now`. */
function runOf(campaign: StoredCampaign, run: StoredRun | undefined, now: Date): CampaignRun {
  const contacts = zeroPer<CallState>(CALL_STATES);
  const outcomes = zeroPer<CallOutcome>(CALL_OUTCOMES);
  const skipped = zeroPer<SkipReason>(['unknown-time-zone', 'no-common-calling-hours']);
  const reached = new Map<string, number>();
  for (const contact of run?.contacts ?? []) {
    contacts[contact.state] += 1;
    if (contact.state === 'finished' && contact.outcome !== null) outcomes[contact.outcome] += 1;
    if (contact.skipped !== null) skipped[contact.skipped] += 1;
    if (contact.state === 'waiting' && contact.nextAttemptAt !== null && contact.nextAttemptAt <= now) {
      reached.set(contact.zoneKey, (reached.get(contact.zoneKey) ?? 0) + 1);
    }
  }
  return {
    createdBy: campaign.createdBy,
    name: campaign.name,
    status: campaign.status,
    settings: run === undefined ? null : structuredClone(run.settings),
    startedAt: run === undefined ? null : new Date(run.startedAt),
    endedAt: campaign.endedAt === null ? null : new Date(campaign.endedAt),
    rowCount: campaign.rows.length,
    contacts,
    outcomes,
    skipped,
    attempts: run?.calls.length ?? 0,
    waitingReached: Array.from(reached, ([zoneKey, count]) => ({ zoneKey, count })),
  };
}

function zeroPer<Key extends string>(keys: readonly Key[]): Record<Key, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<Key, number>;
}

/** The positions of the contacts due at `query.now` in its open zones, by next attempt time, then by position. */
function dueContacts({ contacts }: StoredRun, { now, openZoneKeys }: ClaimQuery): number[] {
  const open = openZoneKeys === null ? null : new Set(openZoneKeys);
  const due: { position: number; at: number }[] = [];
  contacts.forEach((contact, position) => {
    if (contact.state !== 'waiting' || contact.nextAttemptAt === null || contact.nextAttemptAt > now) return;
    if (open !== null && !open.has(contact.zoneKey)) return;
    due.push({ position, at: contact.nextAttemptAt.getTime() });
  });
  return due.sort((a, b) => a.at - b.at || a.position - b.position).map((contact) => contact.position);
}

/** How many more calls the pacing limits allow at `now`: calls out, and calls handed out in the minute before. */
function roomFor({ settings, contacts, calls }: StoredRun, now: Date): number {
  let room = Number.POSITIVE_INFINITY;
  if (settings.maxConcurrentCalls !== null) {
    const out = contacts.filter((contact) => contact.state === 'dialling').length;
    room = Math.min(room, settings.maxConcurrentCalls - out);
  }
  if (settings.callsPerMinute !== null) {
    // A call handed out after `now` (by a claim asked at a later time) counts too: the limit errs low.
    const since = now.getTime() - MINUTE_MS;
    const recent = calls.filter((call) => call.handedOutAt.getTime() > since).length;
    room = Math.min(room, settings.callsPerMinute - recent);
  }
  return room;
}

function startHasCome(run: StoredRun, now: Date): boolean {
  return (run.settings.startAt ?? run.startedAt) <= now;
}

/** From `endAt` on, no call is handed out and the contacts still waiting are expired. */
function isPastEnd(settings: CampaignRunSettings, now: Date): boolean {
  return settings.endAt !== null && settings.endAt <= now;
}

/** Only a `waiting` contact has a next attempt, and only a `finished` one an outcome. */
function moveTo(
  contact: StoredRunContact,
  state: CallState,
  nextAttemptAt: Date | null,
  outcome: CallOutcome | null,
): void {
  contact.state = state;
  contact.nextAttemptAt = nextAttemptAt;
  contact.outcome = outcome;
}

function contactAt(run: StoredRun, position: number): StoredRunContact {
  const contact = run.contacts[position];
  if (contact === undefined) throw new Error(`run ${run.runId} has no contact at ${position}`);
  return contact;
}
