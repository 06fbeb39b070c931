import * as v from 'valibot';
import { RETRYABLE_OUTCOMES, type RetryPolicy } from './call-outcome.js';
import { WEEKDAYS, isTimeZone, minuteOfDay, type CallingHours } from './calling-hours.js';
import type { Problem } from './problem.js';
import { jsonObject, objectMessage, parseObject, requiredOr, wholeNumber } from './request-checks.js';

/** How a campaign runs, as started; every field has its default filled in. */
export interface CampaignRunSettings {
  /** No call is handed out before it; null starts at once. */
  readonly startAt: Date | null;
  /** Contacts not reached by then are expired and the campaign completes; null runs until all are finished. */
  readonly endAt: Date | null;
  /** Null calls at any hour. */
  readonly callingHours: CallingHours | null;
  /** The zone of a contact whose zone cannot be told otherwise; null skips such contacts when calling hours are set. */
  readonly defaultTimeZone: string | null;
  /** Calls handed out and not yet reported, across every process; null is no limit. */
  readonly maxConcurrentCalls: number | null;
  /** Calls handed out in any minute, across every process; null is no limit. */
  readonly callsPerMinute: number | null;
  readonly retry: RetryPolicy;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  afterMinutes: 60,
  on: ['no-answer', 'busy', 'failed'],
};

export const MAX_ATTEMPTS = 10;
/** A week. */
export const MAX_RETRY_AFTER_MINUTES = 7 * 24 * 60;
export const MAX_CONCURRENT_CALLS = 10_000;
export const MAX_CALLS_PER_MINUTE = 100_000;

export type ParseRunSettingsResult =
  | { readonly valid: true; readonly settings: CampaignRunSettings }
  | { readonly valid: false; readonly problems: readonly Problem[] };

const instant = v.pipe(
  v.string(requiredOr('must be a string')),
  v.isoTimestamp('must be an ISO 8601 instant with seconds and a zone, as 2026-03-08T09:00:00Z'),
  v.check((text) => !Number.isNaN(Date.parse(text)), 'must be a date that exists'),
  v.transform((text) => new Date(text)),
);

const clockTime = v.pipe(
  v.string(requiredOr('must be a string')),
  // A pattern rather than valibot's isoTime, which JSON Schema would publish as RFC 3339's `time`, seconds and zone required.
  v.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM, from 00:00 to 23:59'),
);

/** The settings a campaign is started with, as checked: every field optional. */
export const campaignRunSettingsSchema = v.pipe(
  v.strictObject(
    {
      startAt: v.optional(instant),
      endAt: v.optional(instant),
      callingHours: v.optional(
        v.pipe(
          jsonObject({
            from: clockTime,
            to: clockTime,
            days: v.optional(
              v.pipe(
                v.array(
                  v.picklist(WEEKDAYS, `must be one of ${WEEKDAYS.join(', ')}`),
                  'must be an array of days as mon, tue, …',
                ),
                v.minLength(1, 'must name at least one day'),
              ),
            ),
          }),
          v.forward(
            v.check(
              ({ from, to }) => minuteOfDay(from) < minuteOfDay(to),
              'must be after from: hours do not run past midnight',
            ),
            ['to'],
          ),
        ),
      ),
      defaultTimeZone: v.optional(
        v.pipe(v.string('must be a string'), v.check(isTimeZone, 'must be an IANA time zone, as Europe/London')),
      ),
      maxConcurrentCalls: v.optional(wholeNumber(1, MAX_CONCURRENT_CALLS)),
      callsPerMinute: v.optional(wholeNumber(1, MAX_CALLS_PER_MINUTE)),
      retry: v.optional(
        jsonObject({
          maxAttempts: v.optional(wholeNumber(1, MAX_ATTEMPTS)),
          afterMinutes: v.optional(wholeNumber(0, MAX_RETRY_AFTER_MINUTES)),
          on: v.optional(
            v.array(
              v.picklist(RETRYABLE_OUTCOMES, `must be one of ${RETRYABLE_OUTCOMES.join(', ')}`),
              'must be an array of outcomes',
            ),
          ),
        }),
      ),
    },
    objectMessage,
  ),
  v.forward(
    v.check(
      ({ startAt, endAt }) => startAt === undefined || endAt === undefined || startAt < endAt,
      'must be after startAt',
    ),
    ['endAt'],
  ),
);

/**
 * Checks the settings a campaign is started with (a JSON object, every field optional; an absent
 * body is `{}`) and fills in the defaults. Every problem is named by its field. Whether `endAt` is
 * still to come depends on the time of the start, which the use case checks.
 */
export function parseCampaignRunSettings(input: unknown): ParseRunSettingsResult {
  const parsed = parseObject(campaignRunSettingsSchema, input, (output) => output);
  if (!parsed.valid) return parsed;
  const { startAt, endAt, callingHours, defaultTimeZone, maxConcurrentCalls, callsPerMinute, retry } = parsed.value;
  return {
    valid: true,
    settings: {
      startAt: startAt ?? null,
      endAt: endAt ?? null,
      callingHours:
        callingHours === undefined
          ? null
          : {
              from: callingHours.from,
              to: callingHours.to,
              days: WEEKDAYS.filter((day) => callingHours.days?.includes(day) ?? true),
            },
      defaultTimeZone: defaultTimeZone ?? null,
      maxConcurrentCalls: maxConcurrentCalls ?? null,
      callsPerMinute: callsPerMinute ?? null,
      retry: {
        maxAttempts: retry?.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
        afterMinutes: retry?.afterMinutes ?? DEFAULT_RETRY_POLICY.afterMinutes,
        on: RETRYABLE_OUTCOMES.filter((outcome) => (retry?.on ?? DEFAULT_RETRY_POLICY.on).includes(outcome)),
      },
    },
  };
}

/** Whether two starts asked for the same run: a start repeated with the same settings is a replay. */
export function sameRunSettings(one: CampaignRunSettings, other: CampaignRunSettings): boolean {
  return JSON.stringify(runSettingsJson(one)) === JSON.stringify(runSettingsJson(other));
}

/** Settings as JSON: as stored, and as answered. */
export type RunSettingsJson = ReturnType<typeof runSettingsJson>;

/** The settings as JSON, instants as ISO 8601 text, in a fixed order of keys: as stored, and as answered. */
export function runSettingsJson(settings: CampaignRunSettings) {
  return {
    startAt: settings.startAt?.toISOString() ?? null,
    endAt: settings.endAt?.toISOString() ?? null,
    callingHours: settings.callingHours,
    defaultTimeZone: settings.defaultTimeZone,
    maxConcurrentCalls: settings.maxConcurrentCalls,
    callsPerMinute: settings.callsPerMinute,
    retry: settings.retry,
  };
}

/** Settings as {@link runSettingsJson} wrote them. */
export function runSettingsFromJson(json: RunSettingsJson): CampaignRunSettings {
  return {
    ...json,
    startAt: json.startAt === null ? null : new Date(json.startAt),
    endAt: json.endAt === null ? null : new Date(json.endAt),
  };
}
