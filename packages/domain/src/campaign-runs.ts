import type { CallOutcome } from './call-outcome.js';
import type { CampaignRunSettings } from './campaign-run-settings.js';
import type { CampaignStatus } from './campaign-status.js';
import type { ContactRow } from './contact-row.js';
import type { OwnedName } from './owned-name.js';
import type { RowPageQuery } from './row-page.js';

/**
 * Where one contact of a started campaign stands. `waiting` holds the time of its next attempt
 * (whether it is due also depends on its calling hours, which the domain works out); `dialling`
 * is handed to a dialer under a lease; `finished` ended with its last outcome; `skipped` was never
 * called (see {@link SkipReason}); `expired` was not reached before the campaign's end.
 */
export type CallState = 'waiting' | 'dialling' | 'finished' | 'skipped' | 'expired';

export const CALL_STATES: readonly CallState[] = ['waiting', 'dialling', 'finished', 'skipped', 'expired'];

/** Why a contact is never called: no zone known while calling hours are set, or zones that share no open hour. */
export type SkipReason = 'unknown-time-zone' | 'no-common-calling-hours';

/** How one contact is to be called, worked out when its campaign starts. */
export interface ContactPlan {
  /** Its zones as one key (see `zoneKeyOf`); empty when none is known. */
  readonly zoneKey: string;
  /** Null for a contact to be called. */
  readonly skipped: SkipReason | null;
}

/** A campaign with what its run has done so far. */
export interface CampaignRun extends OwnedName {
  readonly status: CampaignStatus;
  /** As started; null before the campaign is started. */
  readonly settings: CampaignRunSettings | null;
  readonly startedAt: Date | null;
  /** When it became `completed` or `cancelled`; null before. */
  readonly endedAt: Date | null;
  readonly rowCount: number;
  /** Contacts per call state (all zero before the start). */
  readonly contacts: Readonly<Record<CallState, number>>;
  /** Finished contacts per last outcome. */
  readonly outcomes: Readonly<Record<CallOutcome, number>>;
  /** Skipped contacts per reason. */
  readonly skipped: Readonly<Record<SkipReason, number>>;
  /** Calls handed out so far, every attempt counted. */
  readonly attempts: number;
  /**
   * The `waiting` contacts whose next attempt time has come (at or before `now` as asked), per zone
   * key: one entry per zone key with at least one such contact, in no particular order. The domain
   * tells which of them are due now from the calling hours.
   */
  readonly waitingReached: readonly { readonly zoneKey: string; readonly count: number }[];
}

/** Where one contact of a started campaign stands, as stored. */
export interface ContactCall {
  /** Its zones as one key (see `zoneKeyOf`), as planned at the start; empty when none is known. */
  readonly zoneKey: string;
  readonly state: CallState;
  /** Calls handed out to it so far. */
  readonly attempts: number;
  /** The outcome it finished with; null unless `finished`. */
  readonly lastOutcome: CallOutcome | null;
  /** When it is next tried; null unless `waiting`. */
  readonly nextAttemptAt: Date | null;
  /** Why it is never called; null unless `skipped`. */
  readonly skipReason: SkipReason | null;
}

/** A page of a campaign's calls, with the settings that tell which of them are due. */
export interface CallPage {
  /** As started; null before the campaign is started. */
  readonly settings: CampaignRunSettings | null;
  /**
   * One per contact from the page's first position on, by position, fewer than asked at the end;
   * none before the start.
   */
  readonly calls: readonly ContactCall[];
}

/** A start to store: the campaign, its settings, and each contact's plan in stored order. */
export interface RunStart {
  readonly campaign: OwnedName;
  /**
   * `scheduled` when `settings.startAt` is still to come, `running` otherwise; `completed`, ended
   * at `at`, when every contact is skipped and none will ever be called.
   */
  readonly status: 'scheduled' | 'running' | 'completed';
  readonly settings: CampaignRunSettings;
  readonly at: Date;
  /** One per row of the campaign, by position. */
  readonly contacts: readonly ContactPlan[];
}

export type StartRunResult =
  | { readonly status: 'started' }
  /** The campaign was no longer `not-yet-started`: nothing was stored; what it is now. */
  | { readonly status: 'not-startable'; readonly run: CampaignRun };

/** A campaign that may hand out calls now, with what a claim needs to know of it. */
export interface ClaimableRun extends OwnedName {
  /** Storage's own reference to the run, valid for {@link CampaignRuns.claim}. */
  readonly runId: string;
  readonly settings: CampaignRunSettings;
  /** Every distinct zone key of the campaign's contacts, skipped ones included, as stored at its start. */
  readonly zoneKeys: readonly string[];
}

export interface ClaimQuery {
  readonly now: Date;
  /** At least 1. */
  readonly max: number;
  /** Only contacts of these zone keys; null for any (a campaign without calling hours). */
  readonly openZoneKeys: readonly string[] | null;
  readonly leaseExpiresAt: Date;
}

/** One attempt at one contact, handed to a dialer. */
export interface LeasedCall {
  /** Names this attempt of this contact, and nothing else, in storage: unique, never reused. */
  readonly callId: string;
  /** The campaign's owner and name. */
  readonly campaign: OwnedName;
  /** 1 for the first call to the contact. */
  readonly attempt: number;
  readonly leaseExpiresAt: Date;
  readonly contact: ContactRow;
}

/** One attempt as stored, and how it ended if it has. */
export interface CallRecord {
  readonly callId: string;
  readonly campaign: OwnedName;
  readonly attempt: number;
  readonly handedOutAt: Date;
  readonly leaseExpiresAt: Date;
  /** The campaign's settings, for the retry policy. */
  readonly settings: CampaignRunSettings;
  /** Null while the call is out; how it ended once reported or once its lease was found expired. */
  readonly ended: CallEnding | null;
}

/** How an attempt ended: reported by a dialer, or its lease expired unreported (a `failed` attempt). */
export interface CallEnding {
  readonly outcome: CallOutcome;
  readonly endedAt: Date;
  readonly by: 'report' | 'lease-expiry';
  readonly durationSeconds: number | null;
  readonly externalCallId: string | null;
}

/** An attempt's end to store, with what follows for its contact. */
export interface CallSettlement extends CallEnding {
  /** The contact's next attempt time, or null when it is finished with this outcome. */
  readonly retryAt: Date | null;
}

/** A settlement decided from the call as stored: the call as read, what was decided, and what became of it. */
export interface DecidedSettlement {
  readonly call: CallRecord;
  /** What the decision answered: null to store nothing. */
  readonly settlement: CallSettlement | null;
  /**
   * `settled`: stored as decided; `already-ended`: the call ended between the read and the write,
   * and nothing was stored; `not-settled`: the decision was to store nothing.
   */
  readonly result: 'settled' | 'already-ended' | 'not-settled';
}

/**
 * The runs of campaigns: their status and settings, each contact's calls and every attempt. Every
 * method acts on one owner's campaign, found by {@link OwnedName}, except those that act on calls,
 * which a call id or a run id finds. Several processes may share the storage: each method's
 * guarantees hold across all of them. What a method answers is a copy: changing it
 * changes nothing stored.
 */
export interface CampaignRuns {
  /**
   * The run of the campaign `campaign.createdBy` holds under `campaign.name`, as of `now` (for
   * {@link CampaignRun.waitingReached}), or null when that owner holds none. Read in one
   * consistent step. Rejects when storage fails.
   */
  findRun(campaign: OwnedName, now: Date): Promise<CampaignRun | null>;

  /**
   * The calls of the contacts of the campaign `campaign.createdBy` holds under `campaign.name`, from
   * position `query.fromPosition` on, at most `query.limit` of them, by position, with the run's
   * settings; or null when that owner holds none. Before the campaign is started, the settings are
   * null and there are no calls. The settings and the calls are read in one consistent step;
   * reading a page costs the same wherever it starts. Rejects when storage fails.
   *
   * The call at a position belongs to the campaign's row at that position. It reads no rows: a
   * campaign's rows never change once stored and a campaign is never removed, so a reader pairs
   * this page with the same page of `CampaignUploader.readRows`, read before or after it, without
   * ever seeing a row with another row's call. The calls are the run's and the rows the upload's,
   * so each port reads its own, and a `CampaignUploader` need know nothing of runs.
   */
  readCalls(campaign: OwnedName, query: RowPageQuery): Promise<CallPage | null>;

  /**
   * Starts the campaign, atomically: when it is `not-yet-started`, stores `start.status`, the
   * settings, the start time and every contact's plan (a contact to be called `waiting`, its first
   * attempt at `settings.startAt` or at `start.at` when that is null; a skipped one `skipped` with
   * its reason), and resolves `started`. Otherwise stores nothing and resolves `not-startable`
   * with the run as it is (counted as of `start.at`). The status stored is the campaign's own, as
   * `CampaignUploader` reads it too. Of simultaneous starts of one campaign, exactly one resolves `started`.
   * Resolves null when the owner holds no such campaign. Rejects when storage fails, storing nothing.
   */
  start(start: RunStart): Promise<StartRunResult | null>;

  /**
   * Changes the campaign's status from `from` to `to`, atomically, only if it is still `from`
   * (so a change decided on a status read earlier never overwrites another made meanwhile), and
   * records `at` as `endedAt` when `to` is `completed` or `cancelled` (leaving it as it was otherwise). Resolves `changed`, or
   * `stale` (nothing changed) when the status is no longer `from`, or null when the owner holds no
   * such campaign. Rejects when storage fails.
   */
  changeStatus(
    campaign: OwnedName,
    change: { readonly from: CampaignStatus; readonly to: CampaignStatus; readonly at: Date },
  ): Promise<'changed' | 'stale' | null>;

  /**
   * The campaigns that may hand out calls at `now`: `running` ones, and `scheduled` ones whose
   * start time has come; of any owner, or of `owner` only when given (null: those created without
   * a key), and of that name only when `name` is given. By `startedAt`, oldest first. Rejects when
   * storage fails.
   */
  findClaimable(query: {
    readonly now: Date;
    readonly owner?: string | null;
    readonly name?: string;
  }): Promise<ClaimableRun[]>;

  /**
   * Hands out up to `query.max` due calls of the run `runId`, atomically and exactly once across
   * every process: a contact is due when it is `waiting`, its next attempt time is at or before
   * `query.now` and its zone key is open. Under one lock of the run, it checks that the run may
   * still hand out calls (a `scheduled` one whose start has come becomes `running`; a paused,
   * cancelled or completed one, or one at or past its `endAt`, hands out none), counts the calls out
   * (`dialling`) and those handed out after `now` less one minute, and hands out no more than
   * `maxConcurrentCalls` and `callsPerMinute` then allow. Each call handed out makes its contact
   * `dialling`, counts an attempt, and stores the attempt under a new call id with its lease. Due
   * contacts are handed out by next attempt time, then by position. Resolves the calls (none when
   * nothing is due or allowed). Rejects when storage fails, handing out nothing.
   */
  claim(runId: string, query: ClaimQuery): Promise<LeasedCall[]>;

  /** The attempt `callId` names, or null when none does. Rejects when storage fails. */
  findCall(callId: string): Promise<CallRecord | null>;

  /**
   * Ends the attempt `callId` with `settlement`, atomically, only if it is still out: stores its
   * ending; makes its contact `waiting` for `settlement.retryAt`, or `finished` with its outcome
   * when that is null; and when the campaign is then `scheduled`, `running` or `paused` with no
   * contact `waiting` or `dialling`, makes it `completed`, ended at `settlement.endedAt`. Resolves `settled`, or `already-ended`
   * (nothing changed) when the attempt had ended, or null when no attempt has that id. Of
   * simultaneous settlements of one attempt exactly one resolves `settled`. Rejects when storage
   * fails, changing nothing.
   */
  settle(callId: string, settlement: CallSettlement): Promise<'settled' | 'already-ended' | null>;

  /**
   * Reads the attempt `callId` as {@link findCall} answers it, asks `decide` how it ends (null to
   * store nothing), and ends it so as {@link settle} would, in one visit to the storage: what a
   * dialer's report needs, once per call it reports. Resolves null when no attempt has that id.
   * Rejects when storage fails, changing nothing.
   */
  settleAsDecided(
    callId: string,
    decide: (call: CallRecord) => CallSettlement | null,
  ): Promise<DecidedSettlement | null>;

  /**
   * Attempts still out whose lease expired at or before `now`, the earliest expiry first, at most
   * `limit` of them, for whoever ends them (with {@link settle}). Rejects when storage fails.
   */
  findExpiredLeases(query: { readonly now: Date; readonly limit: number }): Promise<string[]>;

  /**
   * Ends the campaigns at or past their `endAt` at `now` (`scheduled`, `running` or `paused`; a
   * cancelled one is left as it is): atomically per campaign, every `waiting` contact becomes
   * `expired`, and a campaign with no contact `dialling` left becomes `completed`, ended at `now`
   * (one with calls out completes when the last of them is settled). Resolves how many contacts
   * expired. Rejects when storage fails.
   */
  expireEnded(now: Date): Promise<number>;
}

export const CampaignRunsToken: unique symbol = Symbol.for('@outbound/domain/CampaignRuns');
