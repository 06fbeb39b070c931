/**
 * Where a campaign is in its life. It is created `not-yet-started`; `scheduled` waits for its start
 * time; `running` hands out calls; `paused` hands out none until resumed; `completed` (every contact
 * finished) and `cancelled` are the ends.
 */
export type CampaignStatus = 'not-yet-started' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';

export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = [
  'not-yet-started',
  'scheduled',
  'running',
  'paused',
  'completed',
  'cancelled',
];

/** What a campaign's owner asks of it. */
export type CampaignAction = 'start' | 'pause' | 'resume' | 'cancel';

export const CAMPAIGN_ACTIONS: readonly CampaignAction[] = ['start', 'pause', 'resume', 'cancel'];

/** The statuses that end a campaign: nothing changes it after them. */
export function isFinal(status: CampaignStatus): boolean {
  return status === 'completed' || status === 'cancelled';
}

/**
 * The status `action` takes a campaign to from `current`, or null when the action does not apply
 * there. `startsLater` tells a start (or a resume) before the campaign's start time, which leaves it
 * `scheduled`, from one that runs at once. Starting a campaign already started is not a change of status: whether it is a
 * replay depends on its settings, which the caller compares.
 */
export function statusAfter(
  current: CampaignStatus,
  action: CampaignAction,
  startsLater = false,
): CampaignStatus | null {
  switch (action) {
    case 'start':
      return current === 'not-yet-started' ? (startsLater ? 'scheduled' : 'running') : null;
    case 'pause':
      return current === 'running' || current === 'scheduled' ? 'paused' : null;
    case 'resume':
      return current === 'paused' ? (startsLater ? 'scheduled' : 'running') : null;
    case 'cancel':
      return isFinal(current) ? null : 'cancelled';
  }
}
