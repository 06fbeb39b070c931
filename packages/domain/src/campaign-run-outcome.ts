import type { CampaignRunView } from './campaign-run-view.js';
import type { CampaignStatus } from './campaign-status.js';
import type { Problem } from './problem.js';

/** The campaign's run after a change asked of it; `replayed` when it already was as asked and nothing changed. */
export interface RunChanged {
  readonly code: 'run-changed';
  readonly run: CampaignRunView;
  readonly replayed: boolean;
}

export interface InvalidSettings {
  readonly code: 'invalid-settings';
  readonly problems: readonly Problem[];
}

/** The caller holds no campaign of this name (another owner's is never seen). */
export interface CampaignNotFound {
  readonly code: 'campaign-not-found';
  readonly name: string;
}

/** The change does not apply to the campaign as it is. */
export interface StatusConflict {
  readonly code: 'status-conflict';
  readonly name: string;
  readonly status: CampaignStatus;
  /** What was asked, as a person reads it: `start`, `pause`… */
  readonly action: string;
}

/** The campaign was already started with other settings. */
export interface SettingsConflict {
  readonly code: 'settings-conflict';
  readonly name: string;
  readonly status: CampaignStatus;
}

export type CampaignRunOutcome = RunChanged | InvalidSettings | CampaignNotFound | StatusConflict | SettingsConflict;
