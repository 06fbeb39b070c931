import { isOpenAt } from './calling-hours.js';
import type { CampaignRun, CallState } from './campaign-runs.js';

/** A contact's call state as a reader sees it: `waiting` split into those due now and the rest. */
export type ContactCallState = CallState | 'due';

/** A campaign's run as its owner reads it at one instant. */
export interface CampaignRunView extends Omit<CampaignRun, 'contacts' | 'waitingReached'> {
  /** Contacts per state; `due` are the `waiting` ones that may be called now, in their own calling hours. */
  readonly contacts: Readonly<Record<ContactCallState, number>>;
}

/** The run as of `now`: which waiting contacts are due follows from each one's zones and the calling hours. */
export function campaignRunView(run: CampaignRun, now: Date): CampaignRunView {
  const hours = run.settings?.callingHours ?? null;
  let due = 0;
  for (const { zoneKey, count } of run.waitingReached) {
    if (hours === null || isOpenAt(hours, zoneKey, now)) due += count;
  }
  const { waitingReached: _reached, contacts, ...rest } = run;
  return { ...rest, contacts: { ...contacts, waiting: contacts.waiting - due, due } };
}
