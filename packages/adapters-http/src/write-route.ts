import { bodyParser } from '@koa/bodyparser';
import type { CreateContactAndCampaign } from '@outbound/domain';
import type { Context } from 'koa';
import { setImmediate } from 'node:timers/promises';
import { httpAnswers } from './http-answer.js';
import { UTF_8, isJsonMediaType, readBody } from './json-body.js';
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
      const undecodable = await readBody(ctx, parseJsonBody);
      if (undecodable !== null) {
        sendAnswer(ctx, undecodable);
        return;
      }
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
