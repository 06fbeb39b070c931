import { ownerOf, type Caller } from './caller.js';
import type { CampaignRunOutcome } from './campaign-run-outcome.js';
import { campaignRunView } from './campaign-run-view.js';
import type { CampaignRuns } from './campaign-runs.js';
import { statusAfter, type CampaignStatus } from './campaign-status.js';
import type { Clock } from './clock.js';
import type { OwnedName } from './owned-name.js';

/** What may be asked of a started campaign, and the status it is in once done. */
export type RunAction = 'pause' | 'resume' | 'cancel';

const DONE: Readonly<Record<RunAction, readonly CampaignStatus[]>> = {
  pause: ['paused'],
  resume: ['running', 'scheduled'],
  cancel: ['cancelled'],
};

/**
 * Pauses, resumes or cancels a campaign. A change that does not apply to the campaign as it is
 * (pausing a completed one) is a conflict naming its status; asking for what already holds
 * (pausing a paused one) is a replay. Calls handed out before keep their leases and may still be
 * reported.
 */
export class ChangeCampaignStatus {
  constructor(
    private readonly runs: CampaignRuns,
    private readonly clock: Clock,
  ) {}

  async change(name: string, action: RunAction, caller: Caller = {}): Promise<CampaignRunOutcome> {
    const campaign: OwnedName = { createdBy: ownerOf(caller), name };
    // Another change may land between the read and the write: the write then changes nothing, and
    // the status is read again. Each round follows a change that did land, so rounds are few.
    for (;;) {
      const now = this.clock.now();
      const run = await this.runs.findRun(campaign, now);
      if (run === null) return { code: 'campaign-not-found', name };
      if (DONE[action].includes(run.status))
        return { code: 'run-changed', run: campaignRunView(run, now), replayed: true };
      const startsLater = run.settings?.startAt != null && run.settings.startAt > now;
      const to = statusAfter(run.status, action, startsLater);
      if (to === null) return { code: 'status-conflict', name, status: run.status, action };
      const changed = await this.runs.changeStatus(campaign, { from: run.status, to, at: now });
      if (changed === null) return { code: 'campaign-not-found', name };
      if (changed === 'changed') {
        const after = await this.runs.findRun(campaign, now);
        if (after === null) return { code: 'campaign-not-found', name };
        return { code: 'run-changed', run: campaignRunView(after, now), replayed: false };
      }
    }
  }
}

export const ChangeCampaignStatusToken: unique symbol = Symbol.for('@outbound/domain/ChangeCampaignStatus');
