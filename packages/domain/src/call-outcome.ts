/** What a dialer reports of one call. */
export type CallOutcome = 'answered' | 'no-answer' | 'busy' | 'failed' | 'voicemail' | 'opted-out';

export const CALL_OUTCOMES: readonly CallOutcome[] = [
  'answered',
  'no-answer',
  'busy',
  'failed',
  'voicemail',
  'opted-out',
];

/** The outcomes a retry policy may try again: a person reached, or one who said no, is never called again. */
export type RetryableOutcome = Exclude<CallOutcome, 'answered' | 'opted-out'>;

export const RETRYABLE_OUTCOMES: readonly RetryableOutcome[] = ['no-answer', 'busy', 'failed', 'voicemail'];

/** Which outcomes are tried again, how often and after how long. */
export interface RetryPolicy {
  /** Calls made to one contact at most, the first included. */
  readonly maxAttempts: number;
  /** The pause before another attempt, counted from the outcome's report. */
  readonly afterMinutes: number;
  /** The outcomes that call for another attempt, in the order of {@link RETRYABLE_OUTCOMES}. */
  readonly on: readonly RetryableOutcome[];
}

/** What becomes of a contact after an attempt: another one at `retryAt`, or none. */
export type AfterAttempt = { readonly retryAt: Date } | { readonly retryAt: null };

/**
 * Whether the contact is called again after its `attempt`-th call ended with `outcome`, reported
 * (or found expired) at `endedAt`: when the policy retries that outcome and attempts remain, again
 * `afterMinutes` later; otherwise the contact is finished with that outcome.
 */
export function afterAttempt(outcome: CallOutcome, attempt: number, retry: RetryPolicy, endedAt: Date): AfterAttempt {
  const retried = (retry.on as readonly CallOutcome[]).includes(outcome) && attempt < retry.maxAttempts;
  return { retryAt: retried ? new Date(endedAt.getTime() + retry.afterMinutes * 60_000) : null };
}
