import {
  CALL_OUTCOMES,
  CALL_STATES,
  CAMPAIGN_STATUSES,
  RETRYABLE_OUTCOMES,
  WEEKDAYS,
  clipped,
  runSettingsJson,
  type CallEnding,
  type CampaignRunView,
  type ContactCallView,
  type LeasedCall,
  type SkipReason,
} from '@outbound/domain';
import * as v from 'valibot';
import { count, failed, literalText, succeeded, timestamp } from './answer-schemas.js';
import { failedEnvelope } from './envelope.js';
import { answer, asUserDataRow, type HttpAnswer } from './answer-entry.js';

const SKIP_REASONS: readonly SkipReason[] = ['unknown-time-zone', 'no-common-calling-hours'];

/** `data` of a call's outcome recorded, alone or among several. */
const RECORDED_FIELDS = { message: literalText('recorded'), callId: v.string(), replayed: v.boolean() };
/** `data` of a report of no call. */
const NOT_FOUND_FIELDS = { message: literalText('call not found'), callId: v.string() };
/** `data` of a report of a call that had ended otherwise. */
const ENDED_FIELDS = {
  message: literalText('call already ended'),
  callId: v.string(),
  outcome: v.picklist(CALL_OUTCOMES),
  endedBy: v.pipe(
    v.picklist(['report', 'lease-expiry']),
    v.description('`lease-expiry`: nobody reported it before its lease ran out, so it counted as failed.'),
  ),
};

const countsOf = (keys: readonly string[]) => v.strictObject(Object.fromEntries(keys.map((key) => [key, count])));

const settingsSchema = v.strictObject({
  startAt: v.nullable(timestamp),
  endAt: v.nullable(timestamp),
  callingHours: v.nullable(v.strictObject({ from: v.string(), to: v.string(), days: v.array(v.picklist(WEEKDAYS)) })),
  defaultTimeZone: v.nullable(v.string()),
  maxConcurrentCalls: v.nullable(count),
  callsPerMinute: v.nullable(count),
  retry: v.strictObject({ maxAttempts: count, afterMinutes: count, on: v.array(v.picklist(RETRYABLE_OUTCOMES)) }),
});

/** A campaign's run as answered: its status and settings, and how far it got. */
const runSchemaFields = {
  name: v.string(),
  status: v.picklist(CAMPAIGN_STATUSES),
  rowCount: count,
  settings: v.pipe(v.nullable(settingsSchema), v.description('As started, every default filled in; null before.')),
  startedAt: v.nullable(timestamp),
  completedAt: v.nullable(timestamp),
  cancelledAt: v.nullable(timestamp),
  contacts: v.pipe(
    countsOf(['due', ...CALL_STATES]),
    v.description(
      'Contacts per call state: `due` may be called now (in their own calling hours), `waiting` may not yet (before the start, outside their hours, or waiting for a retry), `dialling` are with a dialer, then `finished`, `skipped` and `expired`.',
    ),
  ),
  outcomes: v.pipe(countsOf(CALL_OUTCOMES), v.description('Finished contacts per last outcome.')),
  skipped: v.pipe(countsOf(SKIP_REASONS), v.description('Skipped contacts per reason.')),
  attempts: v.pipe(count, v.description('Calls handed out, every attempt counted.')),
};

/** The fields of a run as answered. */
function runFields(run: CampaignRunView) {
  const ended = run.endedAt?.toISOString() ?? null;
  return {
    name: run.name,
    status: run.status,
    rowCount: run.rowCount,
    settings: run.settings === null ? null : runSettingsJson(run.settings),
    startedAt: run.startedAt?.toISOString() ?? null,
    completedAt: run.status === 'completed' ? ended : null,
    cancelledAt: run.status === 'cancelled' ? ended : null,
    contacts: run.contacts,
    outcomes: run.outcomes,
    skipped: run.skipped,
    attempts: run.attempts,
  };
}

/** Where one contact's calls stand, as a page of a campaign's contacts answers it beside the contact. */
export const contactCallSchema = v.strictObject({
  state: v.pipe(
    v.picklist(['due', ...CALL_STATES]),
    v.description(
      '`due`: may be called now, in its own calling hours; `waiting`: not yet (before the start, outside its hours, or waiting for a retry); `dialling`: with a dialer; then `finished`, `skipped` (never called) and `expired` (not reached before `endAt`).',
    ),
  ),
  attempts: v.pipe(count, v.description('Calls handed out to it so far.')),
  lastOutcome: v.pipe(v.nullable(v.picklist(CALL_OUTCOMES)), v.description('How it finished; null unless `finished`.')),
  nextAttemptAt: v.pipe(
    v.nullable(timestamp),
    v.description('From when it may be called again, within its calling hours; null unless `due` or `waiting`.'),
  ),
  skipReason: v.pipe(
    v.nullable(v.picklist(SKIP_REASONS)),
    v.description('Why it is never called; null unless `skipped`.'),
  ),
});

/** A contact's calls as answered; null before the campaign is started. */
export function contactCallFields(call: ContactCallView | null) {
  if (call === null) return null;
  const { state, attempts, lastOutcome, nextAttemptAt, skipReason } = call;
  return { state, attempts, lastOutcome, nextAttemptAt: nextAttemptAt?.toISOString() ?? null, skipReason };
}

const ACTION_DONE = { start: 'started', pause: 'paused', resume: 'resumed', cancel: 'cancelled' } as const;

/** What may be asked of a campaign's run, as a path names it. */
export type RunActionName = keyof typeof ACTION_DONE;

const leasedCallSchema = v.strictObject({
  callId: v.string(),
  campaignName: v.string(),
  campaignOwner: v.pipe(
    v.nullable(v.string()),
    v.description('The API key that created the campaign (names are each key’s own); null without keys.'),
  ),
  attempt: v.pipe(count, v.description('1 for the first call to this contact.')),
  leaseExpiresAt: v.pipe(
    timestamp,
    v.description('Report the outcome before then; after it, the call counts as a failed attempt.'),
  ),
  contact: v.looseObject({ phone_number: v.string(), name: v.nullable(v.string()) }),
});

/** The answers of the campaign runs' routes: part of the one table, `httpAnswers`, which spreads them. */
export const runAnswers = {
  runChanged: answer(
    succeeded({ ...runSchemaFields, replayed: v.boolean() }),
    (run: CampaignRunView, action: RunActionName, replayed: boolean): HttpAnswer => ({
      status: 200,
      body: {
        status: 'success',
        data: { message: `campaign ${ACTION_DONE[action]}`, ...runFields(run), replayed },
        message: replayed
          ? `Campaign was already ${ACTION_DONE[action]}; nothing changed.`
          : `Campaign ${ACTION_DONE[action]}.`,
      },
      ...(replayed ? { headers: { 'Idempotent-Replayed': 'true' } } : {}),
    }),
  ),

  campaignRun: answer(
    succeeded({ message: literalText('found'), contactListName: v.string(), createdAt: timestamp, ...runSchemaFields }),
    (contactListName: string, createdAt: Date, run: CampaignRunView): HttpAnswer => ({
      status: 200,
      body: {
        status: 'success',
        data: { message: 'found', contactListName, createdAt: createdAt.toISOString(), ...runFields(run) },
        message: 'Campaign found.',
      },
    }),
  ),

  statusConflict: answer(
    failed(literalText('not in this status'), { name: v.string(), status: v.picklist(CAMPAIGN_STATUSES) }),
    (name: string, status: string, action: string): HttpAnswer => ({
      status: 409,
      body: failedEnvelope('not in this status', `cannot ${action} campaign ${clipped(name)}: it is ${status}!`, {
        name: clipped(name),
        status,
      }),
    }),
  ),

  settingsConflict: answer(
    failed(literalText('started with other settings'), { name: v.string(), status: v.picklist(CAMPAIGN_STATUSES) }),
    (name: string, status: string): HttpAnswer => ({
      status: 409,
      body: failedEnvelope(
        'started with other settings',
        `campaign ${clipped(name)} was already started with other settings; it is ${status}!`,
        { name: clipped(name), status },
      ),
    }),
  ),

  leased: answer(
    succeeded({ message: literalText('leased'), calls: v.array(leasedCallSchema) }),
    (calls: readonly LeasedCall[]): HttpAnswer => ({
      status: 200,
      body: {
        status: 'success',
        data: {
          message: 'leased',
          calls: calls.map((call) => ({
            callId: call.callId,
            campaignName: call.campaign.name,
            campaignOwner: call.campaign.createdBy,
            attempt: call.attempt,
            leaseExpiresAt: call.leaseExpiresAt.toISOString(),
            contact: asUserDataRow(call.contact),
          })),
        },
        message: calls.length === 0 ? 'No call is due.' : `${calls.length} calls leased.`,
      },
    }),
  ),

  outcomeRecorded: answer(succeeded(RECORDED_FIELDS), (callId: string, replayed: boolean): HttpAnswer => ({
    status: 200,
    body: {
      status: 'success',
      data: { message: 'recorded', callId, replayed },
      message: replayed ? 'This outcome was already recorded; nothing changed.' : 'Outcome recorded.',
    },
    ...(replayed ? { headers: { 'Idempotent-Replayed': 'true' } } : {}),
  })),

  callNotFound: answer(
    failed(NOT_FOUND_FIELDS.message, { callId: NOT_FOUND_FIELDS.callId }),
    (callId: string): HttpAnswer => ({
      status: 404,
      body: failedEnvelope('call not found', `there is no call ${clipped(callId)}!`, { callId: clipped(callId) }),
    }),
  ),

  callAlreadyEnded: answer(
    failed(ENDED_FIELDS.message, {
      callId: ENDED_FIELDS.callId,
      outcome: ENDED_FIELDS.outcome,
      endedBy: ENDED_FIELDS.endedBy,
    }),
    (callId: string, ended: CallEnding): HttpAnswer => ({
      status: 409,
      body: failedEnvelope(
        'call already ended',
        ended.by === 'lease-expiry'
          ? `call ${callId} was not reported before its lease expired; it counted as failed!`
          : `call ${callId} was already reported as ${ended.outcome}!`,
        { callId, outcome: ended.outcome, endedBy: ended.by },
      ),
    }),
  ),

  outcomesReported: answer(
    succeeded({
      message: literalText('reported'),
      results: v.pipe(
        v.array(
          v.variant('status', [
            v.strictObject({ status: v.literal(200), ...RECORDED_FIELDS }),
            v.strictObject({ status: v.literal(404), ...NOT_FOUND_FIELDS }),
            v.strictObject({ status: v.literal(409), ...ENDED_FIELDS }),
          ]),
        ),
        v.description(
          'One result a reported call, in the order of `outcomes`: what the call’s own report (`POST /calls/{callId}/outcome`) would have answered, its status and its `data`.',
        ),
      ),
    }),
    /** `answers`: what each call's own report answered. */
    (answers: readonly HttpAnswer[]): HttpAnswer => {
      const recorded = answers.filter(({ status }) => status === 200).length;
      return {
        status: 200,
        body: {
          status: 'success',
          data: { message: 'reported', results: answers.map(({ status, body }) => ({ status, ...body.data })) },
          message:
            recorded === answers.length
              ? `${recorded} outcomes recorded.`
              : `${recorded} of ${answers.length} outcomes recorded; the others are named in results.`,
        },
      };
    },
  ),

  forbidden: answer(failed(literalText('forbidden')), (what: string): HttpAnswer => ({
    status: 403,
    body: failedEnvelope('forbidden', `this API key may not ${what}!`),
  })),
} as const;
