import { afterAttempt } from './call-outcome.js';
import type { CallRecord, CallSettlement, CampaignRuns } from './campaign-runs.js';
import type { RunEvents } from './run-events.js';

/**
 * Ends an attempt whose lease ran out unreported as a `failed` one, at its lease's expiry, under
 * its campaign's retry policy. Whoever finds it first ends it (a claim, a report arriving late,
 * the sweep); the others change nothing.
 */
async function endExpiredLease(runs: CampaignRuns, call: CallRecord, events: RunEvents): Promise<void> {
  const settled = await runs.settle(call.callId, leaseExpiry(call));
  if (settled === 'settled') events.leasesExpired?.(1);
}

/** How an attempt whose lease ran out unreported ends: `failed`, at its lease's expiry. */
export function leaseExpiry(call: CallRecord): CallSettlement {
  const endedAt = call.leaseExpiresAt;
  return {
    outcome: 'failed',
    endedAt,
    by: 'lease-expiry',
    durationSeconds: null,
    externalCallId: null,
    ...afterAttempt('failed', call.attempt, call.settings.retry, endedAt),
  };
}

/** Ends up to `limit` attempts whose lease expired by `now`; how many it found. */
export async function endExpiredLeases(
  runs: CampaignRuns,
  now: Date,
  limit: number,
  events: RunEvents,
): Promise<number> {
  const expired = await runs.findExpiredLeases({ now, limit });
  for (const callId of expired) {
    const call = await runs.findCall(callId);
    if (call !== null && call.ended === null) await endExpiredLease(runs, call, events);
  }
  return expired.length;
}
