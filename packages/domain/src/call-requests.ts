import * as v from 'valibot';
import { CALL_OUTCOMES, type CallOutcome } from './call-outcome.js';
import { NAME_PART } from './naming-policy.js';
import {
  jsonObject,
  objectMessage,
  parseObject,
  requiredOr,
  someText,
  wholeNumber,
  type Parsed,
} from './request-checks.js';

export const MAX_CALLS_PER_LEASE = 100;
export const MAX_LEASE_WAIT_MS = 30_000;
/** A day. */
export const MAX_CALL_SECONDS = 86_400;
export const MAX_EXTERNAL_CALL_ID_LENGTH = 256;
/** Longer than any id a lease hands out. */
const MAX_CALL_ID_LENGTH = 256;

/** What a dialer asks for: up to `max` due calls, waiting up to `waitMs` for some, of one campaign or owner if given. */
export interface LeaseRequest {
  readonly max: number;
  readonly waitMs: number;
  /** Only campaigns of this name. */
  readonly campaign?: string;
  /** Only this owner's campaigns (an API key's name). */
  readonly owner?: string;
}

/** What a dialer reports of one call. */
export interface CallReport {
  readonly outcome: CallOutcome;
  readonly durationSeconds: number | null;
  /** The dialer's own id of the call, kept as sent. */
  readonly externalCallId: string | null;
}

/** A dialer's request for calls, as checked. */
export const leaseRequestSchema = v.strictObject(
  {
    max: v.optional(wholeNumber(1, MAX_CALLS_PER_LEASE)),
    waitMs: v.optional(wholeNumber(0, MAX_LEASE_WAIT_MS)),
    // Names a campaign as a client writes it in a path: the generated names hold these characters only.
    campaign: v.optional(
      v.pipe(v.string('must be a string'), v.regex(/^[A-Za-z0-9_.-]{1,160}$/, 'must be a campaign name')),
    ),
    owner: v.optional(v.pipe(v.string('must be a string'), v.regex(NAME_PART, 'must be the name of an API key'))),
  },
  objectMessage,
);

/** A dialer's report of a call, as checked. */
export const callReportSchema = v.strictObject(
  {
    outcome: v.picklist(CALL_OUTCOMES, (issue) =>
      issue.received === 'undefined' ? 'is required' : `must be one of ${CALL_OUTCOMES.join(', ')}`,
    ),
    durationSeconds: v.optional(v.nullable(wholeNumber(0, MAX_CALL_SECONDS))),
    externalCallId: v.optional(v.nullable(someText(MAX_EXTERNAL_CALL_ID_LENGTH))),
  },
  objectMessage,
);

/** One call's report among several: which call, and how it ended. */
export interface CallReportOf extends CallReport {
  readonly callId: string;
}

/** Several calls' reports at once, as checked. */
export const callReportsSchema = v.strictObject(
  {
    outcomes: v.pipe(
      v.array(
        jsonObject({ callId: someText(MAX_CALL_ID_LENGTH), ...callReportSchema.entries }),
        requiredOr('must be an array'),
      ),
      v.minLength(1, 'must hold at least one outcome'),
      // As many as one lease hands out, so that a dialer can report a lease's calls in one request.
      v.maxLength(MAX_CALLS_PER_LEASE, `must hold at most ${MAX_CALLS_PER_LEASE} outcomes`),
    ),
  },
  objectMessage,
);

/** Checks a dialer's request for calls; `max` is 1 and `waitMs` 0 unless given. */
export function parseLeaseRequest(input: unknown): Parsed<LeaseRequest> {
  return parseObject(leaseRequestSchema, input, ({ max, waitMs, campaign, owner }) => ({
    max: max ?? 1,
    waitMs: waitMs ?? 0,
    ...(campaign === undefined ? {} : { campaign }),
    ...(owner === undefined ? {} : { owner }),
  }));
}

/** Checks a dialer's report of one call. */
export function parseCallReport(input: unknown): Parsed<CallReport> {
  return parseObject(callReportSchema, input, ({ outcome, durationSeconds, externalCallId }) => ({
    outcome,
    durationSeconds: durationSeconds ?? null,
    externalCallId: externalCallId ?? null,
  }));
}

/**
 * Checks a dialer's reports of several calls; a call reported twice in one request is named, as
 * its two reports could disagree.
 */
export function parseCallReports(input: unknown): Parsed<readonly CallReportOf[]> {
  const parsed = parseObject(callReportsSchema, input, ({ outcomes }) =>
    outcomes.map(({ callId, outcome, durationSeconds, externalCallId }) => ({
      callId,
      outcome,
      durationSeconds: durationSeconds ?? null,
      externalCallId: externalCallId ?? null,
    })),
  );
  if (!parsed.valid) return parsed;
  const firstAt = new Map<string, number>();
  const problems = parsed.value.flatMap(({ callId }, index) => {
    const first = firstAt.get(callId);
    if (first === undefined) {
      firstAt.set(callId, index);
      return [];
    }
    return [{ field: `outcomes[${index}].callId`, message: `repeats outcomes[${first}].callId` }];
  });
  return problems.length === 0 ? parsed : { valid: false, problems };
}
