import { ownerOf, type Caller } from './caller.js';
import { campaignRunView, type CampaignRunView } from './campaign-run-view.js';
import type { CampaignRuns } from './campaign-runs.js';
import type { Clock } from './clock.js';

/** Reads how far a campaign's run has got, for its owner only (another owner's campaign is absent). */
export class ReadCampaignRun {
  constructor(
    private readonly runs: CampaignRuns,
    private readonly clock: Clock,
  ) {}

  async run(name: string, caller: Caller = {}): Promise<CampaignRunView | null> {
    const now = this.clock.now();
    const run = await this.runs.findRun({ createdBy: ownerOf(caller), name }, now);
    return run === null ? null : campaignRunView(run, now);
  }
}

export const ReadCampaignRunToken: unique symbol = Symbol.for('@outbound/domain/ReadCampaignRun');
