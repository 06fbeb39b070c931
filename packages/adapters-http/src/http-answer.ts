import {
  CAMPAIGN_STATUSES,
  clipped,
  type CampaignSummary,
  type ContactCallView,
  type ContactListOverview,
  type CampaignRunOutcome,
  type ContactRow,
  type CreateContactAndCampaignOutcome,
  type NameConflict,
  type Succeeded,
} from '@outbound/domain';
import * as v from 'valibot';
import {
  count,
  failed,
  literalText,
  nextCursor,
  problems,
  retryLater,
  succeeded,
  timestamp,
} from './answer-schemas.js';
import { answer, asUserDataRow, type HttpAnswer } from './answer-entry.js';
import { failedEnvelope } from './envelope.js';
import { contactCallFields, contactCallSchema, runAnswers, type RunActionName } from './run-answers.js';

export type { AnswerEntry, HttpAnswer } from './answer-entry.js';

type Problems = readonly { field: string; message: string }[];

const invalidRequest = answer(
  failed(v.string(), problems),
  (list: Problems, problemCount = list.length): HttpAnswer => {
    const first = list[0];
    const summary = first === undefined ? 'invalid request' : `${first.field} ${first.message}`;
    return { status: 400, body: failedEnvelope(summary, 'invalid request!', { problems: list, problemCount }) };
  },
);

const campaignSchemaFields = {
  name: v.string(),
  contactListName: v.string(),
  status: v.picklist(CAMPAIGN_STATUSES),
  rowCount: count,
  createdAt: timestamp,
};

/** What a read answers 404 about. */
type NamedKind = 'contact list' | 'campaign';

/** A row of a list or a campaign, as a caller sent it in `userData`. */
const userDataRowSchema = v.pipe(
  v.looseObject({ phone_number: v.string(), name: v.nullable(v.string()) }),
  v.description(
    'A row as it was sent: the phone number in canonical E.164 form, the name (null when it had none), then each custom field with its JSON value, within the limits on custom fields that createContactAndCampaign describes.',
  ),
);

/** The page of rows `contacts` and `campaignContacts` answer. */
interface RowsPage {
  readonly name: string;
  readonly rowCount: number;
  readonly rows: readonly ContactRow[];
  /** Pass as `cursor` for the next page; null on the last. */
  readonly nextCursor: string | null;
}

/**
 * Every outcome of the use case and every refusal of the HTTP layer, mapped to its answer in this
 * one place, each beside the schema of what it answers (published in `/openapi.json`). The 200 and
 * both 500 bodies of the write are the spec's, string for string.
 */
export const httpAnswers = {
  outcome(outcome: CreateContactAndCampaignOutcome): HttpAnswer {
    switch (outcome.code) {
      case 'succeeded':
        return httpAnswers.succeeded(outcome);
      case 'invalid-command':
        return httpAnswers.invalidRequest(outcome.problems, outcome.problemCount);
      case 'name-conflict':
        return httpAnswers.nameConflict(outcome);
      case 'contact-creation-failed':
        return httpAnswers.contactCreationFailed();
      case 'campaign-creation-failed':
        return httpAnswers.campaignCreationFailed();
    }
  },

  succeeded: answer(
    succeeded(
      {
        message: literalText('Done'),
        contactListName: v.string(),
        campaignName: v.string(),
        rowsStored: count,
        duplicatesSkipped: count,
        replayed: v.boolean(),
      },
      literalText('Contact and campaign created.'),
    ),
    ({ code: _code, ...details }: Succeeded): HttpAnswer => ({
      status: 200,
      body: { status: 'success', data: { message: 'Done', ...details }, message: 'Contact and campaign created.' },
      ...(details.replayed ? { headers: { 'Idempotent-Replayed': 'true' } } : {}),
    }),
  ),

  nameConflict: answer(
    failed(literalText('name already taken'), {
      ...problems,
      conflictingName: v.string(),
      contactListName: v.string(),
      campaignName: v.string(),
    }),
    ({ conflictingName, contactListName, campaignName }: NameConflict): HttpAnswer => ({
      status: 409,
      body: failedEnvelope('name already taken', 'identifierName is already used with other rows!', {
        problems: [{ field: 'identifierName', message: `is already used with other rows (${conflictingName})` }],
        problemCount: 1,
        conflictingName,
        contactListName,
        campaignName,
      }),
    }),
  ),

  contactCreationFailed: answer(failed(literalText('create contact failed')), (): HttpAnswer => ({
    status: 500,
    body: failedEnvelope('create contact failed', 'contact creation failed!'),
  })),

  campaignCreationFailed: answer(failed(literalText('create campaign failed')), (): HttpAnswer => ({
    status: 500,
    body: failedEnvelope('create campaign failed', 'campaign creation failed!'),
  })),

  invalidRequest,

  malformedJson: answer(invalidRequest.schema, (reason: string): HttpAnswer =>
    // The parser's reason may quote the body.
    invalidRequest([{ field: 'body', message: `is not valid JSON: ${clipped(reason)}` }]),
  ),

  undecodableBody: answer(invalidRequest.schema, (contentEncoding: string): HttpAnswer =>
    invalidRequest([
      { field: 'body', message: `is not valid ${clipped(contentEncoding)} data, as its Content-Encoding says it is` },
    ]),
  ),

  tooLarge: answer(
    failed(literalText('request body too large'), { limitBytes: count }),
    (limitBytes: number): HttpAnswer => ({
      status: 413,
      body: failedEnvelope('request body too large', `request body is larger than ${limitBytes} bytes!`, {
        limitBytes,
      }),
    }),
  ),

  unsupportedMediaType: answer(
    failed(literalText('unsupported media type'), { contentType: v.nullable(v.string()) }),
    (contentType: string | undefined): HttpAnswer => ({
      status: 415,
      body: failedEnvelope('unsupported media type', 'request body must be JSON (Content-Type: application/json)!', {
        contentType: contentType === undefined ? null : clipped(contentType),
      }),
    }),
  ),

  unsupportedCharset: answer(
    failed(literalText('unsupported charset'), { charset: v.string() }),
    (charset: string): HttpAnswer => ({
      status: 415,
      body: failedEnvelope(
        'unsupported charset',
        'request body must be JSON in UTF-8 (Content-Type: application/json; charset=utf-8)!',
        { charset: clipped(charset) },
      ),
    }),
  ),

  /** The body parser's own 415: a `Content-Encoding` it does not read, its reason as it gave it. */
  unsupportedContentEncoding: answer(
    failed(v.pipe(v.string(), v.startsWith('unsupported content-encoding'))),
    (reason: string): HttpAnswer => httpAnswers.clientError(415, reason),
  ),

  notFound: answer(failed(literalText('not found')), (method: string, path: string): HttpAnswer => ({
    status: 404,
    body: failedEnvelope('not found', `no route for ${clipped(method)} ${clipped(path)}!`),
  })),

  methodNotAllowed: answer(
    failed(literalText('method not allowed')),
    (method: string, path: string, allowed: string): HttpAnswer => ({
      status: 405,
      body: failedEnvelope(
        'method not allowed',
        `${clipped(method)} is not allowed on ${clipped(path)}; use ${allowed}!`,
      ),
      headers: { Allow: allowed },
    }),
  ),

  allowedMethods: answer(
    succeeded({ message: literalText('allowed methods'), allow: v.string() }),
    (path: string, allowed: string): HttpAnswer => ({
      status: 200,
      body: {
        status: 'success',
        data: { message: 'allowed methods', allow: allowed },
        message: `${allowed} allowed on ${clipped(path)}.`,
      },
      headers: { Allow: allowed },
    }),
  ),

  /** A refusal Koa or the body parser raised with a status of its own; its reason, as they gave it. */
  clientError: answer(failed(v.string()), (status: number, reason: string): HttpAnswer => {
    const text = clipped(reason.toLowerCase());
    return { status, body: failedEnvelope(text, `${text}!`) };
  }),

  /** What Node's HTTP parser refuses before any middleware sees the request, by its error code. */
  unparsableRequest: answer(
    v.union([
      failed(literalText('request header fields too large')),
      failed(literalText('request timeout')),
      failed(literalText('bad request')),
    ]),
    (code: string | undefined): HttpAnswer => {
      if (code === 'HPE_HEADER_OVERFLOW') {
        return {
          status: 431,
          body: failedEnvelope('request header fields too large', 'request headers are too large!'),
        };
      }
      if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
        return { status: 408, body: failedEnvelope('request timeout', 'the request took too long to arrive!') };
      }
      return { status: 400, body: failedEnvelope('bad request', 'the request is not valid HTTP!') };
    },
  ),

  unauthorized: answer(failed(literalText('missing or invalid API key')), (): HttpAnswer => ({
    status: 401,
    body: failedEnvelope('missing or invalid API key', 'unauthorized!'),
    headers: { 'WWW-Authenticate': 'Bearer' },
  })),

  tooManyRequests: answer(retryLater('too many requests'), (retryAfterSeconds: number): HttpAnswer => ({
    status: 429,
    body: failedEnvelope('too many requests', `too many requests; retry after ${retryAfterSeconds} seconds!`, {
      retryAfterSeconds,
    }),
    headers: { 'Retry-After': String(retryAfterSeconds) },
  })),

  /** Admission control turned the request away before it touched the storage. */
  busy: answer(retryLater('server busy'), (retryAfterSeconds: number): HttpAnswer => ({
    status: 503,
    body: failedEnvelope('server busy', `too many writes are waiting; retry after ${retryAfterSeconds} seconds!`, {
      retryAfterSeconds,
    }),
    headers: { 'Retry-After': String(retryAfterSeconds) },
  })),

  contactList: answer(
    succeeded({
      message: literalText('found'),
      name: v.string(),
      rowCount: count,
      createdAt: timestamp,
      campaignName: v.nullable(v.string()),
    }),
    ({ name, rowCount, createdAt, campaignName }: ContactListOverview): HttpAnswer =>
      found({ name, rowCount, createdAt: createdAt.toISOString(), campaignName }, 'Contact list found.'),
  ),

  campaign: answer(
    succeeded({ message: literalText('found'), ...campaignSchemaFields }),
    (summary: CampaignSummary): HttpAnswer => found(campaignFields(summary), 'Campaign found.'),
  ),

  /** A page of the rows of a contact list, each as a row of `userData`. */
  contacts: answer(
    succeeded({
      message: literalText('found'),
      name: v.string(),
      rowCount: count,
      contacts: v.array(userDataRowSchema),
      nextCursor,
    }),
    ({ name, rowCount, rows, nextCursor: next }: RowsPage): HttpAnswer =>
      found({ name, rowCount, contacts: rows.map(asUserDataRow), nextCursor: next }, 'Contacts found.'),
  ),

  /**
   * A page of the rows of a campaign, each as a row of `userData`, and beside them where each
   * contact's calls stand. The calls are an array of their own, one per row in the same order,
   * rather than a key of each row: a row holds its custom fields under whatever names its sender
   * chose, `call` as well as any other, and nothing answered may take a custom field's place.
   */
  campaignContacts: answer(
    succeeded({
      message: literalText('found'),
      name: v.string(),
      rowCount: count,
      contacts: v.array(userDataRowSchema),
      calls: v.pipe(
        v.array(v.nullable(contactCallSchema)),
        v.description(
          "One per contact, in the order of `contacts`: where that contact's calls stand in the campaign's run; null before the campaign is started.",
        ),
      ),
      nextCursor,
    }),
    ({ name, rowCount, rows, nextCursor: next }: RowsPage, calls: readonly (ContactCallView | null)[]): HttpAnswer =>
      found(
        {
          name,
          rowCount,
          contacts: rows.map(asUserDataRow),
          calls: calls.map(contactCallFields),
          nextCursor: next,
        },
        'Contacts found.',
      ),
  ),

  campaigns: answer(
    succeeded({
      message: literalText('found'),
      campaigns: v.array(v.strictObject(campaignSchemaFields)),
      nextCursor,
    }),
    (campaigns: readonly CampaignSummary[], next: string | null): HttpAnswer =>
      found({ campaigns: campaigns.map(campaignFields), nextCursor: next }, 'Campaigns found.'),
  ),

  /** No list or campaign of this name that the caller may see; its schema is that of one kind. */
  notFoundByName: Object.assign(
    (kind: NamedKind, name: string): HttpAnswer => ({
      status: 404,
      body: failedEnvelope(`${kind} not found`, `there is no ${kind} named ${clipped(name)}!`, { name: clipped(name) }),
    }),
    { schemaOf: (kind: NamedKind) => failed(literalText(`${kind} not found`), { name: v.string() }) },
  ),

  alive: answer(succeeded({ message: literalText('alive') }), (): HttpAnswer => ({
    status: 200,
    body: { status: 'success', data: { message: 'alive' }, message: 'The process is running.' },
  })),

  ready: answer(succeeded({ message: literalText('ready') }), (): HttpAnswer => ({
    status: 200,
    body: { status: 'success', data: { message: 'ready' }, message: 'The storage answers.' },
  })),

  notReady: answer(failed(literalText('not ready')), (): HttpAnswer => ({
    status: 503,
    body: failedEnvelope('not ready', 'the storage does not answer!'),
  })),

  stopping: answer(failed(literalText('stopping')), (): HttpAnswer => ({
    status: 503,
    body: failedEnvelope('stopping', 'the server is stopping!'),
  })),

  ...runAnswers,

  /** What starting, pausing, resuming or cancelling a campaign concluded. */
  runOutcome(outcome: CampaignRunOutcome, action: RunActionName): HttpAnswer {
    switch (outcome.code) {
      case 'run-changed':
        return runAnswers.runChanged(outcome.run, action, outcome.replayed);
      case 'invalid-settings':
        return invalidRequest(outcome.problems);
      case 'campaign-not-found':
        return httpAnswers.notFoundByName('campaign', outcome.name);
      case 'status-conflict':
        return runAnswers.statusConflict(outcome.name, outcome.status, outcome.action);
      case 'settings-conflict':
        return runAnswers.settingsConflict(outcome.name, outcome.status);
    }
  },

  internalError: answer(failed(literalText('internal error')), (): HttpAnswer => ({
    status: 500,
    body: failedEnvelope('internal error', 'internal error!'),
  })),
} as const;

function found(data: Record<string, unknown>, message: string): HttpAnswer {
  return { status: 200, body: { status: 'success', data: { message: 'found', ...data }, message } };
}

function campaignFields({ name, contactListName, status, rowCount, createdAt }: CampaignSummary) {
  return { name, contactListName, status, rowCount, createdAt: createdAt.toISOString() };
}
