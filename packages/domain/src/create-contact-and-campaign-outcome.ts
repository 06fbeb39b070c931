import type { Problem } from './problem.js';

/** Both parts exist over the request's rows, created now or by an earlier identical request. */
export interface Succeeded {
  readonly code: 'succeeded';
  readonly contactListName: string;
  readonly campaignName: string;
  readonly rowsStored: number;
  readonly duplicatesSkipped: number;
  /** True when an earlier identical request had already done everything and nothing was written now. */
  readonly replayed: boolean;
}

export interface InvalidCommand {
  readonly code: 'invalid-command';
  /** The first problems found, at most the configured number. */
  readonly problems: readonly Problem[];
  readonly problemCount: number;
}

/** A list or campaign of one of the generated names already holds other rows. */
export interface NameConflict {
  readonly code: 'name-conflict';
  readonly conflictingName: string;
  readonly contactListName: string;
  readonly campaignName: string;
}

/** The contact list could not be stored; the campaign was not attempted and nothing was written. */
export interface ContactCreationFailed {
  readonly code: 'contact-creation-failed';
  readonly contactListName: string;
  readonly cause: unknown;
}

/** The campaign could not be stored; the contact list made for it was removed again when possible. */
export interface CampaignCreationFailed {
  readonly code: 'campaign-creation-failed';
  readonly campaignName: string;
  readonly cause: unknown;
}

export type CreateContactAndCampaignOutcome =
  Succeeded | InvalidCommand | NameConflict | ContactCreationFailed | CampaignCreationFailed;

export type OutcomeCode = CreateContactAndCampaignOutcome['code'];
