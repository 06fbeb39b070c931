import { openZoneKeys } from './calling-hours.js';
import type { CampaignRuns, LeasedCall } from './campaign-runs.js';
import type { Clock } from './clock.js';
import { endExpiredLeases } from './end-expired-lease.js';
import { noRunEvents, type RunEvents } from './run-events.js';

/** How long a dialer has to report a call before it counts as a failed attempt, unless told. */
export const DEFAULT_CALL_LEASE_MS = 10 * 60_000;

/** Expired leases ended before each claim: enough to keep up, few enough to keep a lease quick. */
const EXPIRED_PER_LEASE = 100;

export interface LeaseQuery {
  /** At least 1. */
  readonly max: number;
  /** Only campaigns of this name. */
  readonly campaign?: string;
  /** Only campaigns of this owner (an API key's name). */
  readonly owner?: string;
}

/**
 * Hands due calls to a dialer: contacts of running campaigns whose next attempt has come and whose
 * own calling hours are open, within each campaign's pacing, exactly once across every process
 * sharing the storage. Leases that ran out unreported are ended first, so their contacts come back.
 */
export class LeaseDueCalls {
  /** Where the next lease starts among the campaigns, so that one campaign does not keep the others waiting. */
  private turn = 0;

  constructor(
    private readonly runs: CampaignRuns,
    private readonly clock: Clock,
    private readonly leaseMs: number = DEFAULT_CALL_LEASE_MS,
    private readonly events: RunEvents = noRunEvents,
  ) {}

  async lease(query: LeaseQuery): Promise<LeasedCall[]> {
    await endExpiredLeases(this.runs, this.clock.now(), EXPIRED_PER_LEASE, this.events);
    const now = this.clock.now();
    const claimable = await this.runs.findClaimable({
      now,
      ...(query.owner === undefined ? {} : { owner: query.owner }),
      ...(query.campaign === undefined ? {} : { name: query.campaign }),
    });
    const leased: LeasedCall[] = [];
    const first = this.turn++;
    for (let index = 0; index < claimable.length && leased.length < query.max; index += 1) {
      const run = claimable[(first + index) % claimable.length];
      if (run === undefined) continue;
      const hours = run.settings.callingHours;
      const open = hours === null ? null : openZoneKeys(hours, run.zoneKeys, now);
      if (open !== null && open.length === 0) continue;
      leased.push(
        ...(await this.runs.claim(run.runId, {
          now,
          max: query.max - leased.length,
          openZoneKeys: open,
          leaseExpiresAt: new Date(now.getTime() + this.leaseMs),
        })),
      );
    }
    return leased;
  }
}

export const LeaseDueCallsToken: unique symbol = Symbol.for('@outbound/domain/LeaseDueCalls');
