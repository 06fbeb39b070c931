import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
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
  readonly headers?: Record<string, { readonly required?: boolean }>;
  readonly content?: Record<string, { readonly schema: object }>;
}
interface DocumentedOperation {
  readonly responses: Record<string, DocumentedResponse>;
}

/** The document of a server with every optional route on, as the HTTP tests serve it. */
export const servedDocument = openApiDocument({ bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES, reads: true, metrics: true });

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validators = new Map<string, ValidateFunction>();
const validatorOf = (key: string, schema: object): ValidateFunction => {
  let validate = validators.get(key);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  return validate;
};

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
 * Why an answer does not match the document, or null when it does: a status the operation does
 * not list, a required header missing, a body its schema refuses.
 */
export function conformanceProblem(answer: ReceivedAnswer): string | null {
  const path = new URL(answer.url).pathname.replace(/\/{2,}/g, '/');
  const method = answer.method.toLowerCase() === 'head' ? 'get' : answer.method.toLowerCase();
  const where = `${answer.method} ${path} → ${answer.status}`;
  // An answer without the adapter's request id came from elsewhere, such as a host app's own route.
  if (!answer.headers.has('x-request-id')) return null;
  const template = templateOf(path);
  const operation =
    template === undefined ? undefined : (servedDocument.paths[template]?.[method] as DocumentedOperation | undefined);
  // A path or method the document does not list, or a route this server's options leave out (the
  // read side, metrics), is answered by one of the document's shared responses.
  if (operation === undefined || isRouteNotFound(answer)) {
    // The reference page's own files (scripts, styles, icons) are no answers of the API.
    if (answer.status < 400 && path.includes('/docs/')) return null;
    const shared = sharedResponseFor(answer, template !== undefined && !isRouteNotFound(answer));
    if (shared === undefined) return `${where}: no operation and no shared response describes this answer`;
    const sharedResponses = servedDocument.components['responses'] as Record<string, DocumentedResponse>;
    return responseProblem(where, shared, sharedResponses[shared] ?? {}, answer);
  }
  const documented = operation.responses[String(answer.status)];
  if (documented === undefined) return `${where}: status ${answer.status} is not documented for ${method} ${template}`;
  return responseProblem(where, `${method} ${template} ${answer.status}`, documented, answer);
}

function sharedResponseFor({ method, status }: ReceivedAnswer, pathIsServed: boolean): string | undefined {
  if (method.toUpperCase() === 'OPTIONS' && status === 200) return 'AllowedMethods';
  if (status === 405 && pathIsServed) return 'MethodNotAllowed';
  if (status === 404) return 'RouteNotFound';
  return undefined;
}

function responseProblem(
  where: string,
  key: string,
  documented: DocumentedResponse,
  answer: ReceivedAnswer,
): string | null {
  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    if (header.required === true && !answer.headers.has(name)) return `${where}: header ${name} is missing`;
  }
  const [contentType, content] = Object.entries(documented.content ?? {})[0] ?? [];
  if (contentType === undefined || content === undefined || answer.method.toUpperCase() === 'HEAD') return null;
  return schemaProblem(where, key, content.schema, answer, contentType);
}

function schemaProblem(
  where: string,
  key: string,
  schema: object,
  answer: ReceivedAnswer,
  contentType: string,
): string | null {
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
  const validate = validatorOf(key, schema);
  if (validate(body)) return null;
  return `${where}: ${ajv.errorsText(validate.errors, { dataVar: 'body' })} in ${answer.body.slice(0, 300)}`;
}

function isRouteNotFound({ status, body }: ReceivedAnswer): boolean {
  return status === 404 && body.startsWith('{"status":"failed","data":{"message":"not found"}');
}
