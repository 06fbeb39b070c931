import type { CallOutcome } from './call-outcome.js';
import { isOpenAt, type CallingHours } from './calling-hours.js';
import type { CampaignRun, CallState, ContactCall, SkipReason } from './campaign-runs.js';

/** A contact's call state as a reader sees it: `waiting` split into those due now and the rest. */
export type ContactCallState = CallState | 'due';

/** A campaign's run as its owner reads it at one instant. */
export interface CampaignRunView extends Omit<CampaignRun, 'contacts' | 'waitingReached'> {
  /** Contacts per state; `due` are the `waiting` ones that may be called now, in their own calling hours. */
  readonly contacts: Readonly<Record<ContactCallState, number>>;
}

/** Where one contact's calls stand as its owner reads them at one instant. */
export interface ContactCallView {
  /** `due`: waiting, and may be called now in its own calling hours; `waiting`: not yet. */
  readonly state: ContactCallState;
  /** Calls handed out to it so far. */
  readonly attempts: number;
  /** The outcome it finished with; null unless `finished`. */
  readonly lastOutcome: CallOutcome | null;
  /** From when it may be called again, within its calling hours; null unless `due` or `waiting`. */
  readonly nextAttemptAt: Date | null;
  /** Why it is never called; null unless `skipped`. */
  readonly skipReason: SkipReason | null;
}

/**
 * Whether a waiting contact of `zoneKey` whose next attempt time has come may be called at `now`:
 * always when the campaign has no calling hours, otherwise only while they are open in all its
 * zones, as a claim decides.
 */
function mayCallAt(hours: CallingHours | null, zoneKey: string, now: Date): boolean {
  return hours === null || isOpenAt(hours, zoneKey, now);
}

/** The run as of `now`: which waiting contacts are due follows from each one's zones and the calling hours. */
export function campaignRunView(run: CampaignRun, now: Date): CampaignRunView {
  const hours = run.settings?.callingHours ?? null;
  let due = 0;
  for (const { zoneKey, count } of run.waitingReached) {
    if (mayCallAt(hours, zoneKey, now)) due += count;
  }
  const { waitingReached: _reached, contacts, ...rest } = run;
  return { ...rest, contacts: { ...contacts, waiting: contacts.waiting - due, due } };
}

/** A contact's call as of `now`, due or not by the same rule as {@link campaignRunView} counts it. */
export function contactCallView(
  { zoneKey, state, ...call }: ContactCall,
  hours: CallingHours | null,
  now: Date,
): ContactCallView {
  const reached = call.nextAttemptAt !== null && call.nextAttemptAt <= now;
  return { ...call, state: state === 'waiting' && reached && mayCallAt(hours, zoneKey, now) ? 'due' : state };
}
