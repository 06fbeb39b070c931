import {
  CAMPAIGN_STATUSES,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  createContactAndCampaignRequestSchema,
  type CommandLimits,
  type ContactCallView,
  type ContactRow,
} from '@outbound/domain';
import * as v from 'valibot';
import { httpAnswers } from './http-answer.js';
import {
  CALL_ID_PARAMETER,
  JSON_VALUE_SCHEMA,
  NAME_PARAMETER,
  RETRY_AFTER_HEADER,
  body,
  guardResponses,
  guardedAnswers,
  header,
  response,
  schemaOf,
  type Answer,
  type JsonObject,
} from './openapi-parts.js';
import { EXAMPLE_RUN, runPaths } from './run-paths.js';

/** An OpenAPI 3.1 document: the fields this module writes, each a plain JSON value. */
export interface OpenApiDocument extends JsonObject {
  readonly openapi: '3.1.0';
  readonly info: JsonObject;
  readonly servers: readonly JsonObject[];
  readonly paths: { readonly [path: string]: { readonly [method: string]: JsonObject } };
  readonly components: JsonObject;
}

export interface OpenApiOptions {
  /** Where the API is mounted, as in `createHttpMiddleware`'s option; the document's server URL. */
  readonly prefix?: string;
  /** The limits the use case checks requests with. */
  readonly limits?: Partial<CommandLimits>;
  /** The largest request body accepted, in bytes. */
  readonly bodyLimitBytes: number;
  /** Whether the read endpoints are served. */
  readonly reads?: boolean;
  /** Whether the endpoints that run campaigns are served. */
  readonly runs?: boolean;
  /** Whether `GET /metrics` is served. */
  readonly metrics?: boolean;
}

const SPEC_REQUEST = {
  identifierName: 'quick_outreach_001',
  userData: [
    { phone_number: '919876543210', name: 'John Doe', email: 'john@example.com', company: 'Acme Corp' },
    { phone_number: '919876543211', name: 'Jane Smith', email: 'jane@example.com', company: 'Tech Inc' },
  ],
};
const SPEC_CONTACT_LIST = 'VoiceGenie_contact_quick_outreach_001';
const SPEC_CAMPAIGN = 'VoiceGenie_campaign_quick_outreach_001';
const EXAMPLE_TIME = new Date('2026-11-26T09:30:00.000Z');

/** What a read answers 404 about. */
type NamedKind = Parameters<typeof httpAnswers.notFoundByName>[0];

const PAGE_PARAMETERS = [
  {
    name: 'limit',
    in: 'query',
    required: false,
    description: `How many to answer, 1 to ${MAX_PAGE_SIZE}.`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
  },
  {
    name: 'cursor',
    in: 'query',
    required: false,
    description: 'The `nextCursor` of the page before; absent for the first page. Opaque: any change to it is refused.',
    schema: { type: 'string' },
  },
];

const STATUS_PARAMETER = {
  name: 'status',
  in: 'query',
  required: false,
  description:
    'Only campaigns of this status, as it is when the page is read. A cursor goes on from the campaign it names whatever that campaign’s status is now, so one whose status changed between two pages takes no other campaign’s place.',
  schema: { type: 'string', enum: CAMPAIGN_STATUSES },
};

const pageRefused = (description: string) =>
  response({
    description,
    schema: httpAnswers.invalidRequest.schema,
    example: body(
      httpAnswers.invalidRequest([{ field: 'limit', message: 'must be a whole number from 1 to 1000, given once' }]),
    ),
  });

function readOperation(
  operationId: string,
  summary: string,
  found: Answer,
  options: {
    readonly notFound?: NamedKind;
    readonly paged?: boolean;
    readonly named?: boolean;
    /** Whether it lists campaigns, which `status` filters. */
    readonly byStatus?: boolean;
  },
): JsonObject {
  return {
    operationId,
    summary,
    tags: ['read'],
    parameters: [
      ...(options.named === false ? [] : [NAME_PARAMETER]),
      ...(options.paged === true ? PAGE_PARAMETERS : []),
      ...(options.byStatus === true ? [STATUS_PARAMETER] : []),
    ],
    responses: {
      200: response(found),
      ...(options.paged === true
        ? {
            400: pageRefused(
              options.byStatus === true
                ? '`limit`, `cursor` or `status` is not acceptable (out of range, edited, from another list, or not a status); `problems` names it.'
                : '`limit` or `cursor` is not acceptable (out of range, edited, or from another list); `problems` names it.',
            ),
          }
        : {}),
      ...guardedAnswers(),
      ...(options.notFound === undefined
        ? {}
        : {
            404: response({
              description: `No ${options.notFound} of this name that the caller's key created.`,
              schema: httpAnswers.notFoundByName.schemaOf(options.notFound),
              example: body(
                httpAnswers.notFoundByName(
                  options.notFound,
                  options.notFound === 'campaign' ? 'VoiceGenie_campaign_missing' : 'VoiceGenie_contact_missing',
                ),
              ),
            }),
          }),
      500: response({
        description: 'The storage failed.',
        schema: httpAnswers.internalError.schema,
        example: body(httpAnswers.internalError()),
      }),
    },
  };
}

const EXAMPLE_ROWS = [
  { phone_number: '+919876543210', name: 'John Doe', email: 'john@example.com', company: 'Acme Corp' },
  { phone_number: '+919876543211', name: 'Jane Smith', email: 'jane@example.com', company: 'Tech Inc' },
];
const EXAMPLE_CONTACT_ROWS: ContactRow[] = EXAMPLE_ROWS.map(({ phone_number, name, ...otherDetails }) => ({
  phoneNumber: phone_number,
  name,
  otherDetails,
}));
/** The calls of the example run's two contacts: the first answered at its second attempt, the second to be tried again. */
const EXAMPLE_CALLS: ContactCallView[] = [
  { state: 'finished', attempts: 2, lastOutcome: 'answered', nextAttemptAt: null, skipReason: null },
  {
    state: 'waiting',
    attempts: 1,
    lastOutcome: null,
    nextAttemptAt: new Date('2026-11-26T10:40:00.000Z'),
    skipReason: null,
  },
];
const EXAMPLE_CAMPAIGN = {
  name: SPEC_CAMPAIGN,
  contactListName: SPEC_CONTACT_LIST,
  status: 'not-yet-started' as const,
  rowCount: 2,
  createdAt: EXAMPLE_TIME,
  createdBy: null,
};

function readPaths(runs: boolean): OpenApiDocument['paths'] {
  return {
    '/contactLists/{name}': {
      get: readOperation(
        'getContactList',
        'A contact list: its row count, when it was stored, and the campaign built on it',
        {
          description: 'The contact list.',
          schema: httpAnswers.contactList.schema,
          example: body(
            httpAnswers.contactList({
              name: SPEC_CONTACT_LIST,
              rowCount: 2,
              createdAt: EXAMPLE_TIME,
              createdBy: null,
              campaignName: SPEC_CAMPAIGN,
            }),
          ),
        },
        { notFound: 'contact list' },
      ),
    },
    '/contactLists/{name}/contacts': {
      get: readOperation(
        'getContactListContacts',
        "A page of a contact list's rows, in stored order",
        {
          description: 'A page of rows; `nextCursor` leads to the next.',
          schema: httpAnswers.contacts.schema,
          example: {
            status: 'success',
            data: { message: 'found', name: SPEC_CONTACT_LIST, rowCount: 2, contacts: EXAMPLE_ROWS, nextCursor: null },
            message: 'Contacts found.',
          },
        },
        { notFound: 'contact list', paged: true },
      ),
    },
    '/campaigns': {
      get: readOperation(
        'listCampaigns',
        'Campaigns, newest first, of one status if asked',
        {
          description:
            'A page of campaign summaries; `nextCursor`, given with the same `status` if one was asked, leads to older ones.',
          schema: httpAnswers.campaigns.schema,
          example: body(httpAnswers.campaigns([EXAMPLE_CAMPAIGN], null)),
        },
        { paged: true, named: false, byStatus: true },
      ),
    },
    '/campaigns/{name}': {
      get: readOperation(
        'getCampaign',
        runs
          ? 'A campaign: its contact list, status, row count, when it was stored, and how far its run got'
          : 'A campaign: its contact list, status, row count and when it was stored',
        runs
          ? {
              description: 'The campaign, with its run: settings, contacts per call state and per outcome, attempts.',
              schema: v.union([httpAnswers.campaignRun.schema, httpAnswers.campaign.schema]),
              example: body(
                httpAnswers.campaignRun(EXAMPLE_CAMPAIGN.contactListName, EXAMPLE_CAMPAIGN.createdAt, EXAMPLE_RUN),
              ),
            }
          : {
              description: 'The campaign.',
              schema: httpAnswers.campaign.schema,
              example: body(httpAnswers.campaign(EXAMPLE_CAMPAIGN)),
            },
        { notFound: 'campaign' },
      ),
    },
    '/campaigns/{name}/contacts': {
      get: readOperation(
        'getCampaignContacts',
        "A page of a campaign's rows, in stored order, and where each contact's calls stand",
        {
          description:
            "A page of rows, and beside them, in `calls`, where each row's contact stands in the campaign's run (in the same order; null before the start); `nextCursor` leads to the next.",
          schema: httpAnswers.campaignContacts.schema,
          example: body(
            httpAnswers.campaignContacts(
              { name: SPEC_CAMPAIGN, rowCount: 2, rows: EXAMPLE_CONTACT_ROWS, nextCursor: null },
              EXAMPLE_CALLS,
            ),
          ),
        },
        { notFound: 'campaign', paged: true },
      ),
    },
  };
}

/** The methods a path item of OpenAPI 3.1 can name, in the order the document lists them. */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const SHARED = {
  allowedMethods: { $ref: '#/components/responses/AllowedMethods' },
  methodNotAllowed: { $ref: '#/components/responses/MethodNotAllowed' },
};

/** HEAD of a GET route: the router runs the GET and sends its status and headers without the body. */
function headOf(get: JsonObject): JsonObject {
  const { operationId, summary, responses, ...rest } = get as JsonObject & {
    operationId: string;
    summary: string;
    responses: Record<string, JsonObject>;
  };
  return {
    ...rest,
    operationId: `${operationId}Headers`,
    summary: `${summary}: the status and headers of GET, without the body`,
    responses: Object.fromEntries(
      Object.entries(responses).map(([status, { content: _content, ...headersOnly }]) => [status, headersOnly]),
    ),
  };
}

/**
 * A path's operations, completed with every answer it gives beyond them: HEAD where it serves GET,
 * OPTIONS, and 405 for each method it does not serve. A validating proxy or a generated client
 * knows only the answers of operations the path lists, and refuses the others.
 */
function withEveryMethod(path: string, served: Record<string, JsonObject>): Record<string, JsonObject> {
  // The added operations ask for a key exactly where the served ones do, and refuse alike without one.
  const security = Object.values(served)[0]?.['security'];
  const open = Array.isArray(security) && security.length === 0;
  const common = {
    tags: ['methods'],
    parameters: [
      ...(path.includes('{name}') ? [NAME_PARAMETER] : []),
      ...(path.includes('{callId}') ? [CALL_ID_PARAMETER] : []),
    ],
    ...(open ? { security } : {}),
  };
  const refusals = open ? {} : guardedAnswers();
  const operations: Record<string, JsonObject> = {
    ...served,
    ...(served['get'] === undefined ? {} : { head: headOf(served['get']) }),
    options: {
      summary: 'The methods this path serves',
      ...common,
      responses: { 200: SHARED.allowedMethods, ...refusals },
    },
  };
  const allowed = METHODS.filter((method) => operations[method] !== undefined && method !== 'options');
  for (const method of METHODS) {
    operations[method] ??= {
      summary: `Not served: answered 405, naming ${allowed.map((name) => name.toUpperCase()).join(', ')} in Allow`,
      ...common,
      responses: { 405: SHARED.methodNotAllowed, ...refusals },
    };
  }
  return Object.fromEntries(METHODS.map((method) => [method, operations[method] ?? {}]));
}

/**
 * The API as an OpenAPI 3.1 document: the request schema is the domain's own valibot schema and
 * each answer's schema is written beside the table that builds it ({@link httpAnswers}), both
 * converted by `@valibot/to-json-schema`. What JSON Schema cannot say (checks written as code)
 * is dropped from the schema and stated in descriptions.
 */
export function openApiDocument(options: OpenApiOptions): OpenApiDocument {
  const { bodyLimitBytes } = options;
  const specSuccess = body(
    httpAnswers.outcome({
      code: 'succeeded',
      contactListName: SPEC_CONTACT_LIST,
      campaignName: SPEC_CAMPAIGN,
      rowsStored: 2,
      duplicatesSkipped: 0,
      replayed: false,
    }),
  );
  const createOperation = {
    operationId: 'createContactAndCampaign',
    summary: 'Create a contact list and a campaign over the same rows, in one operation',
    description:
      "Stores the rows as the contact list `{BRAND}_contact_{identifierName}`, then the campaign `{BRAND}_campaign_{identifierName}` over them; when the campaign fails, the list is removed again. Sending the same request again answers 200 with `replayed: true` and writes nothing. Names are each API key's own: the same request with another key creates a pair of its own, never a replay or a 409.",
    tags: ['create'],
    requestBody: {
      required: true,
      description:
        'UTF-8 JSON: `Content-Type: application/json`, with `charset=utf-8` or no charset. Any other media type, those ending in `+json` included, is answered 415.',
      content: {
        'application/json': {
          schema: schemaOf(createContactAndCampaignRequestSchema(options.limits)),
          example: SPEC_REQUEST,
        },
      },
    },
    responses: {
      200: response({
        description: 'Both were created, or were already there with these rows (a replay).',
        schema: httpAnswers.succeeded.schema,
        example: specSuccess,
        headers: { 'Idempotent-Replayed': header('`true` on a replay; absent otherwise.', { type: 'string' }, false) },
      }),
      400: response({
        description:
          'The body is not a valid request: not JSON, JSON but not an object (`null` and `[]` included), or breaking a rule; `problems` names each field that is wrong (`body` for the body as a whole).',
        schema: httpAnswers.invalidRequest.schema,
        example: body(
          httpAnswers.invalidRequest([{ field: 'userData[1].phone_number', message: 'must be a phone number' }]),
        ),
      }),
      ...guardedAnswers(),
      409: response({
        description: "The contact list or campaign name is taken by other rows, among the names of the caller's key.",
        schema: httpAnswers.nameConflict.schema,
        example: body(
          httpAnswers.outcome({
            code: 'name-conflict',
            conflictingName: SPEC_CONTACT_LIST,
            contactListName: SPEC_CONTACT_LIST,
            campaignName: SPEC_CAMPAIGN,
          }),
        ),
      }),
      413: response({
        description: `The body is larger than ${bodyLimitBytes} bytes.`,
        schema: httpAnswers.tooLarge.schema,
        example: body(httpAnswers.tooLarge(bodyLimitBytes)),
      }),
      415: response({
        description:
          'The body is not `application/json` (another media type, one ending in `+json` included, or none), not UTF-8, or compressed in an encoding the server does not read (gzip, deflate and br are read).',
        schema: v.union([
          httpAnswers.unsupportedMediaType.schema,
          httpAnswers.unsupportedCharset.schema,
          httpAnswers.unsupportedContentEncoding.schema,
        ]),
        example: body(httpAnswers.unsupportedMediaType('text/plain')),
      }),
      500: response({
        description: 'The storage failed; nothing was left half-done. The bodies are the spec’s.',
        schema: v.union([
          httpAnswers.contactCreationFailed.schema,
          httpAnswers.campaignCreationFailed.schema,
          httpAnswers.internalError.schema,
        ]),
        example: body(
          httpAnswers.outcome({ code: 'contact-creation-failed', contactListName: SPEC_CONTACT_LIST, cause: null }),
        ),
      }),
      503: response({
        description: 'Too many writes are running or waiting; nothing was read or written.',
        schema: httpAnswers.busy.schema,
        example: body(httpAnswers.busy(3)),
        headers: { 'Retry-After': RETRY_AFTER_HEADER },
      }),
    },
  };
  const open = { security: [] };
  const paths: Record<string, Record<string, JsonObject>> = {
    '/createContactAndCampaign': { post: createOperation },
    ...(options.reads === false ? {} : readPaths(options.runs === true)),
    ...(options.runs === true ? runPaths() : {}),
    '/healthz': {
      get: {
        operationId: 'healthz',
        summary: 'Whether the process runs',
        tags: ['operate'],
        ...open,
        responses: {
          200: response({
            description: 'Alive.',
            schema: httpAnswers.alive.schema,
            example: body(httpAnswers.alive()),
          }),
        },
      },
    },
    '/readyz': {
      get: {
        operationId: 'readyz',
        summary: 'Whether the storage answers and the server takes requests',
        tags: ['operate'],
        ...open,
        responses: {
          200: response({
            description: 'Ready.',
            schema: httpAnswers.ready.schema,
            example: body(httpAnswers.ready()),
          }),
          503: response({
            description: 'The storage does not answer, or the server is stopping.',
            schema: v.union([httpAnswers.notReady.schema, httpAnswers.stopping.schema]),
            example: body(httpAnswers.notReady()),
          }),
        },
      },
    },
    ...(options.metrics === true
      ? {
          '/metrics': {
            get: {
              operationId: 'metrics',
              summary: 'Prometheus metrics',
              tags: ['operate'],
              ...open,
              responses: {
                200: response({
                  description: 'The text exposition format.',
                  schema: v.string(),
                  contentType: 'text/plain',
                }),
              },
            },
          },
        }
      : {}),
    '/openapi.json': {
      get: {
        operationId: 'openApiDocument',
        summary: 'This document',
        tags: ['operate'],
        ...open,
        responses: { 200: response({ description: 'OpenAPI 3.1.', schema: v.looseObject({ openapi: v.string() }) }) },
      },
    },
    '/docs': {
      get: {
        operationId: 'apiReference',
        summary: 'A browsable reference of this document, where requests can be tried',
        tags: ['operate'],
        ...open,
        responses: { 200: response({ description: 'An HTML page.', schema: v.string(), contentType: 'text/html' }) },
      },
    },
  };
  const everyMethod = Object.fromEntries(
    Object.entries(paths).map(([path, served]) => [path, withEveryMethod(path, served)]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'outbound',
      version: '0.1.0',
      description:
        'Creates, in one operation, a named contact list and an outbound calling campaign over the same rows, and reads them back. Every answer is the envelope `{ status, data: { message, … }, message }`. When the server has API keys, every path but the probes and this reference needs one (`x-api-key` or `Authorization: Bearer`), and a key reads back only what it created; without keys, no key is asked for.',
    },
    servers: [{ url: options.prefix === undefined || options.prefix === '' ? '/' : options.prefix }],
    security: [{ apiKey: [] }, { bearer: [] }],
    tags: [
      { name: 'create', description: 'The one write.' },
      { name: 'read', description: 'What was created, as it was stored.' },
      { name: 'run', description: 'Starting, pausing, resuming and cancelling a campaign: its owner’s key.' },
      { name: 'dial', description: 'Taking due calls and reporting how they ended: a dialer key.' },
      { name: 'operate', description: 'Probes, metrics and this reference; no key needed.' },
      {
        name: 'methods',
        description:
          'What each path answers to OPTIONS (the methods it serves, in `Allow`) and to a method it does not serve (405, naming them in `Allow`).',
      },
    ],
    paths: everyMethod,
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        JsonValue: JSON_VALUE_SCHEMA,
        Envelope: schemaOf(
          v.strictObject({
            status: v.picklist(['success', 'failed']),
            data: v.looseObject({ message: v.string() }),
            message: v.string(),
          }),
        ),
      },
      // Answers many paths give, each listed by $ref where it is given; RouteNotFound is the answer
      // to a path this document does not list, so no path names it.
      responses: {
        ...guardResponses(),
        RouteNotFound: response({
          description: 'No route for this path: one the document does not list.',
          schema: httpAnswers.notFound.schema,
          example: body(httpAnswers.notFound('GET', '/nowhere')),
        }),
        MethodNotAllowed: response({
          description:
            'The path is served, but not for this method (nor for any method OpenAPI cannot name, such as PURGE); `Allow` lists the methods that are.',
          schema: httpAnswers.methodNotAllowed.schema,
          example: body(httpAnswers.methodNotAllowed('PUT', '/createContactAndCampaign', 'POST')),
          headers: { Allow: header('The methods the path answers.') },
        }),
        AllowedMethods: response({
          description: 'The answer to OPTIONS: the methods the path answers.',
          schema: httpAnswers.allowedMethods.schema,
          example: body(httpAnswers.allowedMethods('/createContactAndCampaign', 'POST')),
          headers: { Allow: header('The methods the path answers.') },
        }),
      },
    },
  };
}
