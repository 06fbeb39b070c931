import { afterAttempt } from './call-outcome.js';
import type { CallReport } from './call-requests.js';
import type { CallEnding, CampaignRuns } from './campaign-runs.js';
import type { Clock } from './clock.js';
import { endExpiredLease } from './end-expired-lease.js';
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
      const call = await this.runs.findCall(callId);
      if (call === null) return { code: 'call-not-found', callId };
      if (call.ended !== null) {
        const same = call.ended.by === 'report' && call.ended.outcome === report.outcome;
        return same
          ? { code: 'outcome-recorded', callId, replayed: true }
          : { code: 'call-already-ended', callId, ended: call.ended };
      }
      const now = this.clock.now();
      if (call.leaseExpiresAt <= now) {
        await endExpiredLease(this.runs, call, this.events);
        continue;
      }
      const settled = await this.runs.settle(callId, {
        ...report,
        endedAt: now,
        by: 'report',
        ...afterAttempt(report.outcome, call.attempt, call.settings.retry, now),
      });
      if (settled === null) return { code: 'call-not-found', callId };
      if (settled === 'settled') return { code: 'outcome-recorded', callId, replayed: false };
      // Ended meanwhile, by another report or by expiry: answer as that ending says.
    }
  }
}

export const RecordCallOutcomeToken: unique symbol = Symbol.for('@outbound/domain/RecordCallOutcome');
