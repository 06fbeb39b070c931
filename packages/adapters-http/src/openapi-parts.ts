import { MAX_JSON_DEPTH } from '@outbound/domain';
import { toJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { httpAnswers } from './http-answer.js';

// The pieces the API's OpenAPI document is written with, shared by the modules that write its paths.

/** A JSON value as the document holds it. */
export type JsonObject = { readonly [key: string]: unknown };

/** What a custom field holds, and any field an open object has beyond those it names. */
const JSON_VALUE = { $ref: '#/components/schemas/JsonValue' };

export const JSON_VALUE_SCHEMA = {
  description: `Any JSON value. A custom field of a row holds one, kept exactly as sent, its arrays and objects nested at most ${MAX_JSON_DEPTH} levels.`,
  // Arrays and objects hold any value ({}) rather than this schema again: openapi-typescript cannot
  // write a type whose array holds itself, and every JSON value is one of these six anyway.
  anyOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'null' },
    { type: 'array', items: {} },
    { type: 'object', additionalProperties: {} },
  ],
};

export const schemaOf = (schema: v.GenericSchema): JsonObject => {
  const { $schema: _dialect, ...rest } = toJsonSchema(schema, {
    errorMode: 'ignore',
    target: 'draft-2020-12',
    // JSON Schema reads an object without `additionalProperties` as open, but client generators
    // read it as closed and refuse a row's custom fields: a loose object says it is open.
    overrideSchema: ({ valibotSchema, jsonSchema }) => {
      if (valibotSchema.type === 'loose_object') return { ...jsonSchema, additionalProperties: JSON_VALUE };
      return checkedFirst(valibotSchema);
    },
  });
  return rest;
};

/**
 * A schema that checks its value first (a JSON object, not an array) and then reads it with the
 * schema in its pipe is described as that schema: the check itself says nothing JSON Schema lacks.
 */
function checkedFirst(schema: v.GenericSchema): JsonObject | undefined {
  if (schema.type !== 'custom' || !('pipe' in schema) || !Array.isArray(schema.pipe)) return undefined;
  const described = (schema.pipe as readonly { readonly kind: string }[])
    .slice(1)
    .find((item): item is v.GenericSchema => item.kind === 'schema');
  return described === undefined ? undefined : schemaOf(described);
}

export const header = (description: string, schema: JsonObject = { type: 'string' }, required = true) => ({
  description,
  required,
  schema,
});
const REQUEST_ID_HEADER = header(
  "The request's id: the client's X-Request-Id when it is 1 to 128 of A-Z a-z 0-9 . _ - and holds nothing shaped like a phone number or an e-mail address (a UUID always qualifies), a new UUID otherwise. Every log line of the request carries it.",
);
export const RETRY_AFTER_HEADER = header('Seconds to wait before sending the request again.', { type: 'integer' });

export interface Answer {
  readonly description: string;
  readonly schema: v.GenericSchema;
  readonly example?: unknown;
  readonly headers?: Readonly<Record<string, JsonObject>>;
  readonly contentType?: string;
}

export function response({
  description,
  schema,
  example,
  headers = {},
  contentType = 'application/json',
}: Answer): JsonObject {
  return {
    description,
    headers: { 'X-Request-Id': REQUEST_ID_HEADER, ...headers },
    content: { [contentType]: { schema: schemaOf(schema), ...(example === undefined ? {} : { example }) } },
  };
}

export const body = (answer: { readonly body: unknown }): unknown => answer.body;

/** The answers of the request guards, which any route that needs a key, or may be limited, can give. */
export const guardResponses = () => ({
  Unauthorized: response({
    description: 'No API key, or one the server does not know.',
    schema: httpAnswers.unauthorized.schema,
    example: body(httpAnswers.unauthorized()),
    headers: { 'WWW-Authenticate': header('Bearer') },
  }),
  Forbidden: response({
    description: 'A key this is not for: a dialer key only leases calls and reports them, and only a dialer key may.',
    schema: httpAnswers.forbidden.schema,
    example: body(httpAnswers.forbidden('do this: a dialer key only leases calls and reports them')),
  }),
  TooManyRequests: response({
    description:
      "More requests this minute than the server's RATE_LIMIT_PER_MINUTE allows the key (or address), or more failed keys from this address than AUTH_FAILURES_PER_MINUTE allows.",
    schema: httpAnswers.tooManyRequests.schema,
    example: body(httpAnswers.tooManyRequests(12)),
    headers: { 'Retry-After': RETRY_AFTER_HEADER },
  }),
});

/** Every guarded operation refers to the one description of each guard's answer. */
export function guardedAnswers() {
  return {
    401: { $ref: '#/components/responses/Unauthorized' },
    403: { $ref: '#/components/responses/Forbidden' },
    429: { $ref: '#/components/responses/TooManyRequests' },
  };
}

export const NAME_PARAMETER = {
  name: 'name',
  in: 'path',
  required: true,
  description: 'The exact name, case-sensitive.',
  schema: { type: 'string' },
};

export const CALL_ID_PARAMETER = {
  name: 'callId',
  in: 'path',
  required: true,
  description: 'The `callId` of a leased call.',
  schema: { type: 'string' },
};
