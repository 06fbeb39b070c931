import type { CampaignRuns } from './campaign-runs.js';
import type { Clock } from './clock.js';
import { endExpiredLeases } from './end-expired-lease.js';
import { noRunEvents, type RunEvents } from './run-events.js';

/** Expired leases ended per round; rounds go on while a round finds as many. */
const EXPIRED_PER_ROUND = 500;

export interface CampaignRunsSweepReport {
  readonly leasesExpired: number;
  readonly contactsExpired: number;
}

/**
 * What runs without anyone asking for calls: leases that ran out unreported become failed attempts
 * (their contacts retried or finished, the campaign completed when they were its last), and
 * campaigns past their end expire the contacts not reached. Each process runs it now and then.
 */
export class SweepCampaignRuns {
  constructor(
    private readonly runs: CampaignRuns,
    private readonly clock: Clock,
    private readonly events: RunEvents = noRunEvents,
  ) {}

  async sweep(): Promise<CampaignRunsSweepReport> {
    let leasesExpired = 0;
    for (;;) {
      const found = await endExpiredLeases(this.runs, this.clock.now(), EXPIRED_PER_ROUND, this.events);
      leasesExpired += found;
      if (found < EXPIRED_PER_ROUND) break;
    }
    const contactsExpired = await this.runs.expireEnded(this.clock.now());
    return { leasesExpired, contactsExpired };
  }
}

export const SweepCampaignRunsToken: unique symbol = Symbol.for('@outbound/domain/SweepCampaignRuns');
