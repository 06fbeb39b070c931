import '@hyperjump/json-schema/formats-lite';
import {
  registerSchema,
  setShouldValidateFormat,
  validate,
  type OutputUnit,
  type SchemaObject,
  type Validator,
} from '@hyperjump/json-schema/openapi-3-1';
import { DEFAULT_BODY_LIMIT_BYTES, openApiDocument } from '../src/index.js';

/** What a client received, as the checker reads it. */
export interface ReceivedAnswer {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

interface DocumentedResponse {
  readonly $ref?: string;
  readonly headers?: Record<string, { readonly required?: boolean }>;
  readonly content?: Record<string, { readonly schema: object }>;
}
interface DocumentedOperation {
  readonly responses: Record<string, DocumentedResponse>;
}

/** The document of a server with every optional route on, as the HTTP tests serve it. */
export const servedDocument = openApiDocument({
  bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
  reads: true,
  runs: true,
  metrics: true,
});

/**
 * The document is handed to the validator as the JSON a client reads, under an address of the
 * reserved `.invalid` domain, so that its `$ref`s resolve inside it and nothing is ever fetched.
 * The validator reads it in OpenAPI 3.1's own dialect of JSON Schema, checking the document
 * against that dialect's meta-schema as it does.
 */
const DOCUMENT_URI = 'https://outbound.invalid/openapi.json';
registerSchema(
  JSON.parse(JSON.stringify(servedDocument)) as SchemaObject,
  DOCUMENT_URI,
  'https://spec.openapis.org/oas/3.1/schema-base',
);
// Formats are annotations unless asked for: a `date-time` must be one.
setShouldValidateFormat(true);

const validators = new Map<string, Promise<Validator>>();

/** The address of the schema at a JSON pointer into the document, given as its unescaped tokens. */
function schemaAddress(tokens: readonly string[]): string {
  const pointer = tokens.map((token) => encodeURIComponent(token.replaceAll('~', '~0').replaceAll('/', '~1')));
  return `${DOCUMENT_URI}#/${pointer.join('/')}`;
}

/** The failures deepest in the validator's output: each says where in the value, and which keyword of which schema. */
function leaves(units: readonly OutputUnit[]): OutputUnit[] {
  return units.flatMap((unit) =>
    unit.errors === undefined || unit.errors.length === 0 ? [unit] : leaves(unit.errors),
  );
}

/**
 * Why a value does not match the schema at a JSON pointer into the document (given as tokens),
 * or null when it does.
 */
export async function schemaProblemAt(tokens: readonly string[], value: unknown): Promise<string | null> {
  const address = schemaAddress(tokens);
  let validator = validators.get(address);
  if (validator === undefined) {
    validator = validate(address);
    validators.set(address, validator);
  }
  const output = (await validator)(value as Parameters<Validator>[0], 'BASIC');
  if (output.valid) return null;
  const failures = leaves(output.errors ?? []).map(({ keyword, instanceLocation, absoluteKeywordLocation }) => {
    const where = instanceLocation.replace(/^#/, 'body');
    const rule = keyword.slice(keyword.lastIndexOf('/') + 1);
    return `${where} fails ${rule} (${decodeURIComponent(absoluteKeywordLocation.slice(DOCUMENT_URI.length))})`;
  });
  return failures.join('; ');
}

const OPENAPI_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

const templates = Object.keys(servedDocument.paths)
  .map((template) => ({
    template,
    // A prefix the API may be mounted under, then the template with each parameter as one segment,
    // matched as the router matches it: a trailing slash and the letters' case make no difference.
    pattern: new RegExp(`^((?:/[^/]+)*?)${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}/?$`, 'i'),
  }))
  // The longest template first, so `/campaigns/{name}` is not read as `/campaigns` under a prefix.
  .sort((a, b) => b.template.length - a.template.length);

function templateOf(path: string): string | undefined {
  let best: { template: string; prefixLength: number } | undefined;
  for (const { template, pattern } of templates) {
    const prefix = pattern.exec(path)?.[1];
    if (prefix !== undefined && (best === undefined || prefix.length < best.prefixLength)) {
      best = { template, prefixLength: prefix.length };
    }
  }
  return best?.template;
}

/**
 * Why an answer does not match the document, or null when it does: a method or a status the path
 * does not list, a required header missing, a body its schema refuses. Every answer must be listed
 * by the operation of its path and method, OPTIONS, HEAD and 405 included, as a validating proxy
 * requires; only a path the document does not list is checked against the shared RouteNotFound.
 */
export async function conformanceProblem(answer: ReceivedAnswer): Promise<string | null> {
  const path = new URL(answer.url).pathname.replace(/\/{2,}/g, '/');
  const method = answer.method.toLowerCase();
  const where = `${answer.method} ${path} → ${answer.status}`;
  // An answer without the adapter's request id came from elsewhere, such as a host app's own route.
  if (!answer.headers.has('x-request-id')) return null;
  const template = templateOf(path);
  // A route this server's options leave out (the read side, metrics) is a path its own document
  // does not list, though the document of every route on does.
  if (template === undefined || isRouteNotFound(answer)) {
    // The reference page's own files (scripts, styles, icons) are no answers of the API.
    if (answer.status < 400 && path.includes('/docs/')) return null;
    if (answer.status !== 404) return `${where}: the document lists no such path`;
    return responseProblem(where, ['components', 'responses', 'RouteNotFound'], answer);
  }
  // OpenAPI 3.1 names eight methods; any other (PURGE, PROPFIND) is answered as an unserved one.
  if (!OPENAPI_METHODS.has(method)) {
    if (answer.status !== 405) return `${where}: a method OpenAPI cannot name is answered 405`;
    return responseProblem(where, ['components', 'responses', 'MethodNotAllowed'], answer);
  }
  const operation = servedDocument.paths[template]?.[method] as DocumentedOperation | undefined;
  if (operation === undefined) return `${where}: ${template} lists no ${answer.method}`;
  if (operation.responses[String(answer.status)] === undefined) {
    return `${where}: status ${answer.status} is not documented for ${method} ${template}`;
  }
  return responseProblem(where, ['paths', template, method, 'responses', String(answer.status)], answer);
}

/** The response object at a pointer into the document, and its own pointer once a `$ref` is followed. */
function responseAt(tokens: readonly string[]): { tokens: readonly string[]; response: DocumentedResponse } {
  let found: unknown = servedDocument;
  for (const token of tokens) found = (found as Record<string, unknown> | undefined)?.[token];
  const response = (found ?? {}) as DocumentedResponse;
  if (response.$ref === undefined) return { tokens, response };
  const pointer = response.$ref.replace(/^#\//, '').split('/');
  return responseAt(pointer.map((token) => decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~')));
}

async function responseProblem(where: string, at: readonly string[], answer: ReceivedAnswer): Promise<string | null> {
  const { tokens, response } = responseAt(at);
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    if (header.required === true && !answer.headers.has(name)) return `${where}: header ${name} is missing`;
  }
  const [contentType] = Object.keys(response.content ?? {});
  if (contentType === undefined || answer.method.toUpperCase() === 'HEAD') return null;
  const received = answer.headers.get('content-type') ?? '';
  if (!received.startsWith(contentType)) return `${where}: content type ${received}, documented ${contentType}`;
  let body: unknown = answer.body;
  if (contentType === 'application/json') {
    try {
      body = JSON.parse(answer.body);
    } catch {
      return `${where}: the body is not JSON`;
    }
  }
  const problem = await schemaProblemAt([...tokens, 'content', contentType, 'schema'], body);
  return problem === null ? null : `${where}: ${problem} in ${answer.body.slice(0, 300)}`;
}

function isRouteNotFound({ status, body }: ReceivedAnswer): boolean {
  return status === 404 && body.startsWith('{"status":"failed","data":{"message":"not found"}');
}
