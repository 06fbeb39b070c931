import { bodyParser } from '@koa/bodyparser';
import type { CreateContactAndCampaign } from '@outbound/domain';
import type { Context, Middleware } from 'koa';
import { setImmediate } from 'node:timers/promises';
import { isClientError } from './answer-in-envelope.js';
import { httpAnswers } from './http-answer.js';
import type { HttpMetrics } from './http-metrics.js';
import { refuseUnread, sendAnswer } from './send-answer.js';
import { servingState } from './serving-state.js';
import type { WriteAdmission } from './write-admission.js';

/** The part of the use case the HTTP adapter calls. */
export type CreateContactAndCampaignPort = Pick<CreateContactAndCampaign, 'execute'>;

export interface WriteRouteOptions {
  readonly bodyLimitBytes: number;
  readonly admission: WriteAdmission;
  readonly metrics: HttpMetrics | undefined;
}

/** Serves one request of a route, the router's or the adapter's own dispatch. */
export type RouteHandler = (ctx: Context) => Promise<void>;

/** The body parser decodes every body as UTF-8 whatever it declares; one in another charset is refused before it is read. */
const UTF_8 = /^utf-?8$/i;

/**
 * The one media type read, as the document says. The body parser would also read the `+json`
 * types it knows (application/json-patch+json, application/vnd.api+json, …), each of which names a
 * meaning of its own that this route does not follow; they are refused before the body is read.
 */
const isJsonMediaType = (contentType: string): boolean =>
  (contentType.split(';', 1)[0] ?? '').trim().toLowerCase() === 'application/json';

/** A body this long takes long enough to parse, and as long to check, to give other requests a turn between. */
const LARGE_BODY_CHARACTERS = 1024 * 1024;

/**
 * `POST /createContactAndCampaign`: waits for its turn of write admission before reading the body
 * (a waiting request holds no body in memory), reads and parses it, runs the use case and answers
 * its outcome from the table. One function rather than a chain of middleware, since it is the
 * path nearly every request takes.
 */
export function writeRoute(
  useCase: CreateContactAndCampaignPort,
  { bodyLimitBytes, admission, metrics }: WriteRouteOptions,
): RouteHandler {
  // Any JSON value is parsed, not only an object or an array: the use case then answers `null`,
  // `1` or `"x"` as it answers `[]`, a body that is JSON but not an object, rather than the parser
  // calling them malformed.
  const parseJsonBody = bodyParser({
    enableTypes: ['json'],
    jsonStrict: false,
    jsonLimit: bodyLimitBytes,
    encoding: 'utf-8',
  });
  return async function createContactAndCampaign(ctx: Context): Promise<void> {
    const contentType = ctx.get('Content-Type');
    if (!isJsonMediaType(contentType)) {
      sendAnswer(ctx, httpAnswers.unsupportedMediaType(contentType || undefined));
      return;
    }
    const charset = ctx.request.charset;
    if (charset !== '' && !UTF_8.test(charset)) {
      sendAnswer(ctx, httpAnswers.unsupportedCharset(charset));
      return;
    }
    // The turn counts the body's declared length, or the most accepted when it declares none.
    const bodyBytes = Math.min(ctx.request.length ?? bodyLimitBytes, bodyLimitBytes);
    const turn = admission.tryAdmit(bodyBytes) ?? (await admission.admit(bodyBytes, ctx.res));
    if (typeof turn !== 'function') {
      refuseUnread(ctx, httpAnswers.busy(turn.retryAfterSeconds));
      return;
    }
    try {
      if (!(await readBody(ctx, parseJsonBody))) return;
      // The body parser leaves rawBody unset when it did not read the body.
      const textLength = ctx.request.rawBody?.length;
      if (textLength === undefined) {
        sendAnswer(ctx, httpAnswers.unsupportedMediaType(ctx.get('Content-Type') || undefined));
        return;
      }
      // The parsed body is all that is needed now; the text (up to twice the body's bytes) can go.
      Reflect.deleteProperty(ctx.request, 'rawBody');
      // A large body was parsed in this same turn of the event loop, and its rows are checked in one
      // too: a turn in between lets probes and small requests be answered.
      if (textLength >= LARGE_BODY_CHARACTERS) await setImmediate();
      const state = servingState(ctx);
      const outcome = await useCase.execute(ctx.request.body, {
        createdBy: state.keyName,
        requestId: state.requestId,
      });
      state.outcome = outcome;
      metrics?.concluded(outcome);
      sendAnswer(ctx, httpAnswers.outcome(outcome));
    } finally {
      turn();
    }
  };
}

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
    sendAnswer(ctx, httpAnswers.undecodableBody(encoding));
    return false;
  }
}
