import {
  DEFAULT_RETRY_POLICY,
  MAX_CALLS_PER_LEASE,
  callReportSchema,
  callReportsSchema,
  campaignRunSettingsSchema,
  leaseRequestSchema,
  type CampaignRunView,
} from '@outbound/domain';
import * as v from 'valibot';
import { httpAnswers } from './http-answer.js';
import {
  CALL_ID_PARAMETER,
  NAME_PARAMETER,
  body,
  guardedAnswers,
  response,
  schemaOf,
  type Answer,
  type JsonObject,
} from './openapi-parts.js';

const EXAMPLE_CAMPAIGN = 'VoiceGenie_campaign_quick_outreach_001';
const EXAMPLE_CALL_ID = '7d1f5c2e-8a4b-4e0f-9a3c-2b6d1e5f8c90';

/** A campaign two hours into its run, as the reference shows it. */
export const EXAMPLE_RUN: CampaignRunView = {
  createdBy: null,
  name: EXAMPLE_CAMPAIGN,
  status: 'running',
  rowCount: 2,
  settings: {
    startAt: null,
    endAt: new Date('2026-11-27T18:00:00.000Z'),
    callingHours: { from: '09:00', to: '20:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
    defaultTimeZone: 'Asia/Kolkata',
    maxConcurrentCalls: 20,
    callsPerMinute: 60,
    retry: DEFAULT_RETRY_POLICY,
  },
  startedAt: new Date('2026-11-26T09:35:00.000Z'),
  endedAt: null,
  contacts: { due: 0, waiting: 1, dialling: 0, finished: 1, skipped: 0, expired: 0 },
  outcomes: { answered: 1, 'no-answer': 0, busy: 0, failed: 0, voicemail: 0, 'opted-out': 0 },
  skipped: { 'unknown-time-zone': 0, 'no-common-calling-hours': 0 },
  attempts: 3,
};

const storageFailed = response({
  description: 'The storage failed; nothing was changed.',
  schema: httpAnswers.internalError.schema,
  example: body(httpAnswers.internalError()),
});

/** A refusal of a key this is not for; `what` as the answer says it. */
const forbidden = (description: string, what: string) =>
  response({ description, schema: httpAnswers.forbidden.schema, example: body(httpAnswers.forbidden(what)) });

const campaignNotFound = response({
  description: "No campaign of this name that the caller's key created.",
  schema: httpAnswers.notFoundByName.schemaOf('campaign'),
  example: body(httpAnswers.notFoundByName('campaign', 'VoiceGenie_campaign_missing')),
});

/** The refusals of a small JSON body: malformed or breaking a rule (400), too large (413), not JSON (415). */
function bodyRefusals(invalid: Answer) {
  return {
    400: response(invalid),
    413: response({
      description: 'The body is larger than 64 KiB.',
      schema: httpAnswers.tooLarge.schema,
      example: body(httpAnswers.tooLarge(64 * 1024)),
    }),
    415: response({
      description: 'The body is not `application/json` in UTF-8.',
      schema: v.union([httpAnswers.unsupportedMediaType.schema, httpAnswers.unsupportedCharset.schema]),
      example: body(httpAnswers.unsupportedMediaType('text/plain')),
    }),
  };
}

function jsonBody(description: string, schema: v.GenericSchema, example: unknown, required = true): JsonObject {
  return { required, description, content: { 'application/json': { schema: schemaOf(schema), example } } };
}

const ownerOnly = forbidden(
  'A dialer key: it only leases calls and reports them.',
  'do this: a dialer key only leases calls and reports them',
);

function changeOperation(action: 'pause' | 'resume' | 'cancel', summary: string, description: string): JsonObject {
  return {
    operationId: `${action}Campaign`,
    summary,
    description,
    tags: ['run'],
    parameters: [NAME_PARAMETER],
    responses: {
      200: response({
        description: `Done, or already so (\`replayed: true\`, nothing changed).`,
        schema: httpAnswers.runChanged.schema,
        example: body(
          httpAnswers.runChanged(
            { ...EXAMPLE_RUN, status: action === 'pause' ? 'paused' : action === 'cancel' ? 'cancelled' : 'running' },
            action,
            false,
          ),
        ),
      }),
      ...guardedAnswers(),
      403: ownerOnly,
      404: campaignNotFound,
      409: response({
        description: 'The campaign is in a status this does not apply to; `status` names it.',
        schema: httpAnswers.statusConflict.schema,
        example: body(httpAnswers.statusConflict(EXAMPLE_CAMPAIGN, 'completed', action)),
      }),
      500: storageFailed,
    },
  };
}

/** The paths that run campaigns, for the API's document. */
export function runPaths(): Record<string, Record<string, JsonObject>> {
  return {
    '/campaigns/{name}/start': {
      post: {
        operationId: 'startCampaign',
        summary: 'Start a campaign: calls become due in each contact’s own calling hours',
        description:
          'Works out each contact’s time zones once (a `timezone` custom field naming an IANA zone wins, then the phone number’s region, then `defaultTimeZone`), then runs the campaign: `scheduled` until `startAt`, then `running`. Starting again with the same settings answers 200 with `replayed: true`; with other settings, 409.',
        tags: ['run'],
        parameters: [NAME_PARAMETER],
        requestBody: jsonBody(
          'Every field is optional; no body at all starts at once with the defaults.',
          campaignRunSettingsSchema,
          {
            callingHours: { from: '09:00', to: '20:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
            defaultTimeZone: 'Asia/Kolkata',
            maxConcurrentCalls: 20,
            retry: { maxAttempts: 3, afterMinutes: 60, on: ['no-answer', 'busy', 'failed'] },
          },
          false,
        ),
        responses: {
          200: response({
            description: 'Started, or started before with the same settings (`replayed: true`).',
            schema: httpAnswers.runChanged.schema,
            example: body(httpAnswers.runChanged(EXAMPLE_RUN, 'start', false)),
          }),
          ...bodyRefusals({
            description: 'A setting is not acceptable; `problems` names each field that is wrong.',
            schema: httpAnswers.invalidRequest.schema,
            example: body(httpAnswers.invalidRequest([{ field: 'callingHours.to', message: 'must be after from' }])),
          }),
          ...guardedAnswers(),
          403: ownerOnly,
          404: campaignNotFound,
          409: response({
            description:
              'The campaign was started before with other settings, or is cancelled or completed; `status` says which.',
            schema: v.union([httpAnswers.settingsConflict.schema, httpAnswers.statusConflict.schema]),
            example: body(httpAnswers.settingsConflict(EXAMPLE_CAMPAIGN, 'running')),
          }),
          500: storageFailed,
        },
      },
    },
    '/campaigns/{name}/pause': {
      post: changeOperation(
        'pause',
        'Pause a campaign: no call is handed out until it is resumed',
        'Calls already handed out may still be reported, and their outcomes are kept.',
      ),
    },
    '/campaigns/{name}/resume': {
      post: changeOperation('resume', 'Resume a paused campaign', 'Calls become due again as before the pause.'),
    },
    '/campaigns/{name}/cancel': {
      post: changeOperation(
        'cancel',
        'Cancel a campaign for good',
        'No call is handed out any more; calls already handed out may still be reported, and their outcomes are kept.',
      ),
    },
    '/calls/lease': {
      post: {
        operationId: 'leaseCalls',
        summary: 'Take due calls to place (dialers)',
        description:
          'Hands out up to `max` calls due now across running campaigns (or those of `campaign` and `owner`), each once: its contact is due, within its own calling hours and its campaign’s pacing. With none due, waits up to `waitMs` and answers as soon as some are. Report each call’s outcome before `leaseExpiresAt`; after it, the call counts as a failed attempt. Only a dialer key (or anyone, without keys) may lease.',
        tags: ['dial'],
        requestBody: jsonBody(
          'Every field is optional: one call, no waiting, of any campaign.',
          leaseRequestSchema,
          { max: 10, waitMs: 20000 },
          false,
        ),
        responses: {
          200: response({
            description: 'The calls handed out; none when nothing became due in time.',
            schema: httpAnswers.leased.schema,
          }),
          ...bodyRefusals({
            description: 'A field is not acceptable; `problems` names it.',
            schema: httpAnswers.invalidRequest.schema,
            example: body(httpAnswers.invalidRequest([{ field: 'max', message: 'must be from 1 to 100' }])),
          }),
          ...guardedAnswers(),
          403: forbidden('A key that is not a dialer’s.', 'lease calls: only a dialer key may'),
          500: storageFailed,
        },
      },
    },
    '/calls/{callId}/outcome': {
      post: {
        operationId: 'reportCallOutcome',
        summary: 'Report how a leased call ended (dialers)',
        description:
          'Ends the attempt; the campaign’s retry policy decides whether the contact is called again. The same outcome again answers 200 with `replayed: true`.',
        tags: ['dial'],
        parameters: [CALL_ID_PARAMETER],
        requestBody: jsonBody('How the call ended.', callReportSchema, {
          outcome: 'answered',
          durationSeconds: 42,
          externalCallId: 'CA1234567890',
        }),
        responses: {
          200: response({
            description: 'Recorded, or recorded before (`replayed: true`).',
            schema: httpAnswers.outcomeRecorded.schema,
            example: body(httpAnswers.outcomeRecorded(EXAMPLE_CALL_ID, false)),
          }),
          ...bodyRefusals({
            description: 'A field is not acceptable; `problems` names it.',
            schema: httpAnswers.invalidRequest.schema,
            example: body(
              httpAnswers.invalidRequest([
                { field: 'outcome', message: 'must be one of answered, no-answer, busy, failed, voicemail, opted-out' },
              ]),
            ),
          }),
          ...guardedAnswers(),
          403: forbidden('A key that is not a dialer’s.', 'report calls: only a dialer key may'),
          404: response({
            description: 'No call has this id.',
            schema: httpAnswers.callNotFound.schema,
            example: body(httpAnswers.callNotFound(EXAMPLE_CALL_ID)),
          }),
          409: response({
            description:
              'The call ended otherwise: another outcome was reported, or its lease expired first (`endedBy: lease-expiry`); nothing changed.',
            schema: httpAnswers.callAlreadyEnded.schema,
            example: body(
              httpAnswers.callAlreadyEnded(EXAMPLE_CALL_ID, {
                outcome: 'failed',
                endedAt: new Date('2026-11-26T09:45:00.000Z'),
                by: 'lease-expiry',
                durationSeconds: null,
                externalCallId: null,
              }),
            ),
          }),
          500: storageFailed,
        },
      },
    },
    '/calls/outcomes': {
      post: {
        operationId: 'reportCallOutcomes',
        summary: 'Report how several leased calls ended, at once (dialers)',
        description: `Up to ${MAX_CALLS_PER_LEASE} calls' outcomes in one request, a lease's worth: each is recorded on its own, exactly as \`POST /calls/{callId}/outcome\` would record it, and \`results\` answers each in order with that route's status and \`data\`. A call that cannot be recorded leaves the others recorded; sending the same request again (after a timeout or a 500) replays what was recorded. A call named twice is refused before anything is recorded.`,
        tags: ['dial'],
        requestBody: jsonBody('How each call ended.', callReportsSchema, {
          outcomes: [
            { callId: EXAMPLE_CALL_ID, outcome: 'answered', durationSeconds: 42, externalCallId: 'CA1234567890' },
            { callId: '0b9e3f4d-1c2a-4e5b-8f6a-7d8c9e0f1a2b', outcome: 'no-answer' },
          ],
        }),
        responses: {
          200: response({
            description: 'Each call’s result, recorded or not.',
            schema: httpAnswers.outcomesReported.schema,
            example: body(
              httpAnswers.outcomesReported([
                httpAnswers.outcomeRecorded(EXAMPLE_CALL_ID, false),
                httpAnswers.callNotFound('0b9e3f4d-1c2a-4e5b-8f6a-7d8c9e0f1a2b'),
              ]),
            ),
          }),
          ...bodyRefusals({
            description:
              'A field is not acceptable, or a call is named twice; `problems` names it, and nothing was recorded.',
            schema: httpAnswers.invalidRequest.schema,
            example: body(
              httpAnswers.invalidRequest([{ field: 'outcomes[1].callId', message: 'repeats outcomes[0].callId' }]),
            ),
          }),
          ...guardedAnswers(),
          403: forbidden('A key that is not a dialer’s.', 'report calls: only a dialer key may'),
          500: response({
            description:
              'The storage failed for a call: the calls recorded before it stay recorded, and the same request sent again records the rest and replays those.',
            schema: httpAnswers.internalError.schema,
            example: body(httpAnswers.internalError()),
          }),
        },
      },
    },
  };
}
