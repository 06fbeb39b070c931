import { afterAttempt } from './call-outcome.js';
import type { CallReport } from './call-requests.js';
import type { CallEnding, CallSettlement, CampaignRuns } from './campaign-runs.js';
import type { Clock } from './clock.js';
import { leaseExpiry } from './end-expired-lease.js';
import { noRunEvents, type RunEvents } from './run-events.js';

export type RecordCallOutcomeResult =
  /** Stored now, or `replayed` when the same outcome had been stored before. */
  | { readonly code: 'outcome-recorded'; readonly callId: string; readonly replayed: boolean }
  | { readonly code: 'call-not-found'; readonly callId: string }
  /** The call had ended otherwise: another outcome reported, or its lease expired. */
  | { readonly code: 'call-already-ended'; readonly callId: string; readonly ended: CallEnding };

/**
 * Stores what a dialer reports of a call it was handed: the outcome ends the attempt, and the
 * campaign's retry policy decides whether the contact is called again. The same report twice is a
 * replay; another outcome for the same call, or a report after the lease ran out, changes nothing.
 */
export class RecordCallOutcome {
  constructor(
    private readonly runs: CampaignRuns,
    private readonly clock: Clock,
    private readonly events: RunEvents = noRunEvents,
  ) {}

  async record(callId: string, report: CallReport): Promise<RecordCallOutcomeResult> {
    for (;;) {
      const now = this.clock.now();
      const decided = await this.runs.settleAsDecided(callId, (call): CallSettlement | null => {
        if (call.ended !== null) return null;
        if (call.leaseExpiresAt <= now) return leaseExpiry(call);
        return {
          ...report,
          endedAt: now,
          by: 'report',
          ...afterAttempt(report.outcome, call.attempt, call.settings.retry, now),
        };
      });
      if (decided === null) return { code: 'call-not-found', callId };
      const { call, settlement, result } = decided;
      if (result === 'settled' && settlement?.by === 'report')
        return { code: 'outcome-recorded', callId, replayed: false };
      if (result === 'settled') this.events.leasesExpired?.(1);
      if (result === 'not-settled' && call.ended !== null) {
        const same = call.ended.by === 'report' && call.ended.outcome === report.outcome;
        return same
          ? { code: 'outcome-recorded', callId, replayed: true }
          : { code: 'call-already-ended', callId, ended: call.ended };
      }
      // Its lease had run out and it ended so now, or it ended meanwhile: answer as its ending says.
    }
  }
}

export const RecordCallOutcomeToken: unique symbol = Symbol.for('@outbound/domain/RecordCallOutcome');
