import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import {
  clipped,
  silentLogger,
  type CommandLimits,
  type CreateContactAndCampaign,
  type CreateContactAndCampaignOutcome,
  type Logger,
} from '@outbound/domain';
import type { Context, Middleware, Next } from 'koa';
import { setImmediate } from 'node:timers/promises';
import compose from 'koa-compose';
import type { Registry } from 'prom-client';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiKeys, presentedSecret, type ApiKey } from './api-keys.js';
import { addApiReference } from './api-reference.js';
import { httpAnswers, type HttpAnswer } from './http-answer.js';
import { HttpMetrics, UNMATCHED_ROUTE } from './http-metrics.js';
import { openApiDocument } from './openapi-document.js';
import { addReadRoutes, type ReadContactsAndCampaignsPort } from './read-routes.js';
import { requestIdFrom, withinRequest } from './request-context.js';
import {
  CREATE_CONTACT_AND_CAMPAIGN_PATH,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_WRITE_ADMISSION_LIMITS,
  type WriteAdmissionLimits,
} from './http-constants.js';
import { WriteAdmission } from './write-admission.js';

/** How long /readyz waits for the storage before calling it not ready, unless told otherwise. */
const DEFAULT_READY_TIMEOUT_MS = 2_000;

export interface HttpAdapterOptions {
  /**
   * Where the routes live inside a host's app, as `/outbound`: the API is then served at
   * `/outbound/createContactAndCampaign`, and every other path is left to the host. None by default.
   */
  readonly prefix?: string;
  /** The largest request body accepted, in bytes; larger ones get 413. */
  readonly bodyLimitBytes?: number;
  /**
   * Receives an access line at the end of each request and the faults clients are not shown, each
   * naming its request (the use case is told the request id for its own lines). Without one,
   * requests are not logged.
   */
  readonly logger?: Logger;
  /**
   * True: while a request is served, `currentRequestLogFields()` names it to whatever it calls,
   * for a host whose own ports log. Off by default: on Node 20 it hooks every promise of the
   * process, which costs a small request on a database about a tenth of its CPU.
   */
  readonly requestContext?: boolean;
  /** Resolves when the storage answers; `GET /readyz` reports it. Always ready when absent. */
  readonly ready?: () => Promise<void>;
  /** How long `GET /readyz` waits for `ready` before answering 503. */
  readonly readyTimeoutMs?: number;
  /**
   * The keys a client may present (`x-api-key` or `Authorization: Bearer`); without one, every
   * path but the probes answers 401. None or empty: no authentication.
   */
  readonly apiKeys?: readonly ApiKey[];
  /**
   * Requests a minute each client may send (probes exempt), counted per key name when keys are
   * configured and per client address otherwise; 0 or absent: no limit.
   */
  readonly rateLimitPerMinute?: number;
  /** Admission control of `POST /createContactAndCampaign`. */
  readonly writeAdmission?: Partial<WriteAdmissionLimits>;
  /** Where request and outcome figures are registered; `GET /metrics` serves it. No metrics when absent. */
  readonly metrics?: Registry;
  /** True once the process is stopping: `/readyz` answers 503 so that a load balancer sends no more. */
  readonly isStopping?: () => boolean;
  /**
   * The read side: with it, `GET /contactLists/{name}`, `/contactLists/{name}/contacts`,
   * `/campaigns`, `/campaigns/{name}` and `/campaigns/{name}/contacts` are served; a caller with a
   * key sees only what was created with that key.
   */
  readonly reads?: ReadContactsAndCampaignsPort;
  /** The limits the use case checks requests with, as `GET /openapi.json` describes them; the defaults when absent. */
  readonly commandLimits?: Partial<CommandLimits>;
}

/** What the adapter learns of a request while serving it, for its access line. */
interface ServingState {
  requestId?: string;
  /** The route, as the access line and metrics name it, when dispatched without the router. */
  route?: string;
  keyName?: string | null;
  outcome?: CreateContactAndCampaignOutcome;
}

/** A body this long takes tens of milliseconds or more to parse and as long to check. */
const LARGE_BODY_CHARACTERS = 1024 * 1024;

/** Paths that reveal nothing about lists, so that a probe, a scraper or a reader of the reference needs no key. */
const OPEN_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs']);

/** The part of the use case the HTTP adapter calls. */
export type CreateContactAndCampaignPort = Pick<CreateContactAndCampaign, 'execute'>;

const PREFIX = /^(\/[^/]+)*$/;

/**
 * Koa middleware serving `POST /createContactAndCampaign`, `GET /healthz`, `GET /readyz` and, given
 * a registry, `GET /metrics` under `options.prefix`, to mount in a host's own Koa app beside its
 * routes. Each request gets an id (`X-Request-Id`) and an access line at its end; keys, the rate
 * limit and metrics apply when their options are given, write admission always. Every answer to a path
 * under the prefix, including every refusal and unknown route, carries the spec's envelope; no input
 * makes it crash or answer a 5xx other than the spec's two. Other paths go on to the host's next
 * middleware untouched. Mount it before any body parser of the host's, so that its own body limit
 * and answers apply.
 */
export function createHttpMiddleware(
  useCase: CreateContactAndCampaignPort,
  options: HttpAdapterOptions = {},
): Middleware {
  const prefix = options.prefix ?? '';
  if (!PREFIX.test(prefix)) {
    throw new RangeError(`prefix must be empty or a path such as /outbound (got ${JSON.stringify(prefix)})`);
  }
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const logger = options.logger ?? silentLogger;
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const ready = options.ready ?? (async () => undefined);
  const isStopping = options.isStopping ?? (() => false);
  const metrics = options.metrics === undefined ? undefined : new HttpMetrics(options.metrics);
  const admission = new WriteAdmission({ ...DEFAULT_WRITE_ADMISSION_LIMITS, ...options.writeAdmission });
  const router = new Router(prefix === '' ? {} : { prefix });

  const parseJsonBody = bodyParser({ enableTypes: ['json'], jsonLimit: bodyLimitBytes, encoding: 'utf-8' });
  // One function rather than a chain of middleware: each link is a promise more on every request.
  const createRoute = async (ctx: Context): Promise<void> => {
    const charset = ctx.request.charset;
    if (charset !== '' && !UTF_8.test(charset)) {
      send(ctx, httpAnswers.unsupportedCharset(charset));
      return;
    }
    // The turn is taken before the body is read, so that waiting requests hold no body in memory;
    // it counts the body's declared length, or the most accepted when it declares none.
    const bodyBytes = Math.min(ctx.request.length ?? bodyLimitBytes, bodyLimitBytes);
    const turn = admission.tryAdmit(bodyBytes) ?? (await admission.admit(bodyBytes, ctx.res));
    if (typeof turn !== 'function') {
      refuseUnread(ctx, httpAnswers.busy(turn.retryAfterSeconds));
      return;
    }
    try {
      if (!(await readBody(ctx, parseJsonBody))) return;
      // The body parser reads only JSON media types and leaves rawBody unset for any other.
      const textLength = ctx.request.rawBody?.length;
      if (textLength === undefined) {
        send(ctx, httpAnswers.unsupportedMediaType(ctx.get('Content-Type') || undefined));
        return;
      }
      // The parsed body is all that is needed now; the text (up to twice the body's bytes) can go.
      Reflect.deleteProperty(ctx.request, 'rawBody');
      // A large body was parsed in this same turn of the event loop, and its rows are checked in one
      // too: a turn in between lets probes and small requests be answered.
      if (textLength >= LARGE_BODY_CHARACTERS) await setImmediate();
      const state = ctx.state as ServingState;
      const outcome = await useCase.execute(ctx.request.body, {
        createdBy: state.keyName ?? undefined,
        requestId: state.requestId,
      });
      state.outcome = outcome;
      metrics?.concluded(outcome);
      send(ctx, httpAnswers.outcome(outcome));
    } finally {
      turn();
    }
  };
  router.post(CREATE_CONTACT_AND_CAMPAIGN_PATH, createRoute);
  if (options.reads !== undefined) {
    addReadRoutes(router, options.reads, {
      callerOf: (ctx) => {
        const keyName = (ctx.state as ServingState).keyName;
        return keyName == null ? {} : { createdBy: keyName };
      },
      send,
    });
  }
  router.get('/healthz', (ctx) => send(ctx, httpAnswers.alive()));
  router.get('/readyz', async (ctx) => {
    if (isStopping()) {
      send(ctx, httpAnswers.stopping());
      return;
    }
    send(ctx, (await answersWithin(ready, readyTimeoutMs)) ? httpAnswers.ready() : httpAnswers.notReady());
  });
  const document = openApiDocument({
    prefix,
    bodyLimitBytes,
    reads: options.reads !== undefined,
    metrics: options.metrics !== undefined,
    ...(options.commandLimits === undefined ? {} : { limits: options.commandLimits }),
  });
  router.get('/openapi.json', (ctx) => {
    ctx.body = document;
  });
  addApiReference(router, prefix);
  if (options.metrics !== undefined) {
    const registry = options.metrics;
    router.get('/metrics', async (ctx) => {
      ctx.type = registry.contentType;
      ctx.body = await registry.metrics();
    });
  }

  // The router's middleware declares the route parameters it adds to a context; a plain one is what it receives.
  const routes = compose([router.routes(), router.allowedMethods()] as Middleware[]);
  // Matching a request against every route and composing the matched layers costs the router about
  // a tenth of a small request's own time, so the path nearly every request takes is dispatched
  // here; the router still holds it for its variants (a trailing slash, another case) and answers
  // OPTIONS and 405 for it.
  const createPath = `${prefix}${CREATE_CONTACT_AND_CAMPAIGN_PATH}`;
  const dispatch: Middleware = (ctx, next) => {
    if (ctx.method !== 'POST' || ctx.path !== createPath) return routes(ctx, next);
    (ctx.state as ServingState).route = createPath;
    return createRoute(ctx);
  };
  const guards: Middleware[] = [];
  if (options.apiKeys !== undefined && options.apiKeys.length > 0) {
    guards.push(authenticate(new ApiKeys(options.apiKeys), prefix));
  }
  if (options.rateLimitPerMinute !== undefined && options.rateLimitPerMinute > 0) {
    guards.push(limitRate(new RateLimiterMemory({ points: options.rateLimitPerMinute, duration: 60 }), prefix));
  }
  const serve = compose([answerInEnvelope(bodyLimitBytes, logger), ...guards, dispatch]);
  const logged = logger !== silentLogger;
  const observed = logged || metrics !== undefined;
  const requestContext = options.requestContext === true;
  const nothing = async () => undefined;
  // The router names the route it served (a host's router may name its own, which is not taken); a
  // request it did not serve (405, 404) is matched again.
  const ownRoutes = new Set(router.stack.map((layer) => layer.path.toString()));
  const routeOf = (ctx: Context): string => {
    const dispatched = (ctx.state as ServingState).route;
    if (dispatched !== undefined) return dispatched;
    const served: unknown = (ctx as { _matchedRoute?: unknown })._matchedRoute;
    if (typeof served === 'string' && ownRoutes.has(served)) return served;
    return (
      router
        .match(ctx.path, ctx.method)
        .path.find((layer) => layer.methods.length > 0)
        ?.path.toString() ?? UNMATCHED_ROUTE
    );
  };

  return async function outbound(ctx: Context, next: Next): Promise<void> {
    // The spec's own examples call `https://host//createContactAndCampaign`, and clients keep that
    // double slash, so a path is read with repeated slashes folded into one.
    const path = ctx.path.includes('//') ? ctx.path.replace(/\/{2,}/g, '/') : ctx.path;
    if (prefix !== '' && path !== prefix && !path.startsWith(`${prefix}/`)) {
      await next();
      return;
    }
    if (path !== ctx.path) ctx.path = path;
    const requestId = requestIdFrom(ctx.get('X-Request-Id') || undefined);
    ctx.set('X-Request-Id', requestId);
    const state = ctx.state as ServingState;
    state.requestId = requestId;
    const served = () =>
      requestContext ? withinRequest({ requestId }, () => serve(ctx, nothing)) : serve(ctx, nothing);
    // Nothing reads what follows when nothing is logged or counted; a request then skips it.
    if (!observed) {
      await served();
      return;
    }
    const startedAt = performance.now();
    ctx.res.once('close', () => {
      const seconds = (performance.now() - startedAt) / 1_000;
      const route = routeOf(ctx);
      metrics?.answered(ctx.method, route, ctx.status, seconds);
      // The access line's fields are many; a logger that writes nothing is not given them.
      if (!logged) return;
      logger.info('request', {
        requestId,
        method: ctx.method,
        route,
        path: clipped(ctx.path),
        status: ctx.status,
        durationMs: Math.round(seconds * 1_000_000) / 1_000,
        requestBytes: ctx.request.length ?? null,
        key: state.keyName ?? null,
        ...(ctx.res.writableFinished ? {} : { aborted: true }),
        ...outcomeFields(state.outcome),
      });
    });
    await served();
  };
}

function outcomeFields(outcome: CreateContactAndCampaignOutcome | undefined): Record<string, unknown> {
  if (outcome === undefined) return {};
  if (outcome.code !== 'succeeded') return { outcome: outcome.code };
  return {
    outcome: outcome.code,
    rowsStored: outcome.rowsStored,
    duplicatesSkipped: outcome.duplicatesSkipped,
    replayed: outcome.replayed,
  };
}

/** The path a guard sees, without the prefix the host mounted the API under. */
function isOpenPath(ctx: Context, prefix: string): boolean {
  const path = ctx.path.slice(prefix.length);
  return OPEN_PATHS.has(path) || path.startsWith('/docs/');
}

/**
 * Answers 401 to a request without a known key, before its body is read; the connection is closed
 * after the answer, so a body that was sent anyway is not read either.
 */
function authenticate(keys: ApiKeys, prefix: string): Middleware {
  return async function authenticate(ctx: Context, next: Next): Promise<void> {
    if (isOpenPath(ctx, prefix)) {
      await next();
      return;
    }
    const keyName = keys.identify(presentedSecret(ctx.headers));
    if (keyName === null) {
      refuseUnread(ctx, httpAnswers.unauthorized());
      return;
    }
    (ctx.state as ServingState).keyName = keyName;
    await next();
  };
}

function limitRate(limiter: RateLimiterMemory, prefix: string): Middleware {
  return async function limitRate(ctx: Context, next: Next): Promise<void> {
    if (isOpenPath(ctx, prefix)) {
      await next();
      return;
    }
    const keyName = (ctx.state as ServingState).keyName;
    try {
      await limiter.consume(keyName == null ? `address:${ctx.ip}` : `key:${keyName}`);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      refuseUnread(ctx, httpAnswers.tooManyRequests(Math.max(1, Math.ceil(rejection.msBeforeNext / 1_000))));
      return;
    }
    await next();
  };
}

/** Answers without reading the body; a body still on its way is not read, and the connection closes after. */
function refuseUnread(ctx: Context, answer: HttpAnswer): void {
  send(ctx, answer);
  if (ctx.request.length !== undefined ? ctx.request.length > 0 : ctx.get('Transfer-Encoding') !== '') {
    ctx.set('Connection', 'close');
  }
}

/** The body parser decodes every body as UTF-8 whatever it declares; one in another charset is refused before it is read. */
const UTF_8 = /^utf-?8$/i;

/**
 * Reads and parses the body; false when it was answered instead. A body that says it is compressed
 * (gzip, deflate, br) but is not fails to decompress with zlib's own error, which carries no HTTP
 * status; the client sent it, so it is a 400, not a fault here.
 */
async function readBody(ctx: Context, parseBody: Middleware): Promise<boolean> {
  try {
    await parseBody(ctx, async () => undefined);
    return true;
  } catch (error) {
    const encoding = ctx.get('Content-Encoding');
    if (isClientError(error) || encoding === '' || encoding.toLowerCase() === 'identity') throw error;
    send(ctx, httpAnswers.undecodableBody(encoding));
    return false;
  }
}

async function answersWithin(probe: () => Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      probe().then(
        () => true,
        () => false,
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function send(ctx: Context, answer: HttpAnswer): void {
  ctx.status = answer.status;
  ctx.body = answer.body;
  for (const [name, value] of Object.entries(answer.headers ?? {})) ctx.set(name, value);
}

/** Turns whatever happened below into an enveloped answer, keeping internals from the client. */
function answerInEnvelope(bodyLimitBytes: number, logger: Logger): Middleware {
  return async function answerInEnvelope(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (error) {
      const answer = answerForError(error, bodyLimitBytes);
      if (answer.status >= 500) {
        const { requestId } = ctx.state as ServingState;
        logger.error('request failed unexpectedly', { requestId, method: ctx.method, path: ctx.path, error });
      }
      send(ctx, answer);
      return;
    }
    if (ctx.method === 'OPTIONS' && ctx.status === 200 && ctx.body === '') {
      send(ctx, httpAnswers.allowedMethods(ctx.path, ctx.response.get('Allow')));
      return;
    }
    if (ctx.body != null) return;
    if (ctx.status === 405 || ctx.status === 501) {
      send(ctx, httpAnswers.methodNotAllowed(ctx.method, ctx.path, ctx.response.get('Allow') || 'POST'));
    } else if (ctx.status === 404) {
      send(ctx, httpAnswers.notFound(ctx.method, ctx.path));
    }
  };
}

interface ClientError {
  readonly status: number;
  readonly message: string;
  readonly expose?: boolean;
}

function isClientError(error: unknown): error is ClientError {
  if (typeof error !== 'object' || error === null || !('status' in error)) return false;
  const { status } = error;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** The JSON parser refuses `__proto__` keys before the command can name the row that holds one. */
const PROTOTYPE_POISONING = /forbidden prototype property/;

function answerForError(error: unknown, bodyLimitBytes: number): HttpAnswer {
  if (!isClientError(error)) return httpAnswers.internalError();
  if (error.status === 413) return httpAnswers.tooLarge(bodyLimitBytes);
  if (error instanceof SyntaxError) {
    return PROTOTYPE_POISONING.test(error.message)
      ? httpAnswers.invalidRequest([{ field: 'body', message: 'must not contain the key __proto__' }])
      : httpAnswers.malformedJson(error.message);
  }
  return httpAnswers.clientError(error.status, error.expose === false ? 'bad request' : error.message);
}
