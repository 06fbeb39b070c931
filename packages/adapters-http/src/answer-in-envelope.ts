import type { Logger } from '@outbound/domain';
import type { Context, Middleware, Next } from 'koa';
import { httpAnswers, type HttpAnswer } from './http-answer.js';
import { sendAnswer } from './send-answer.js';
import { servingState } from './serving-state.js';
import { withoutPersonalData } from './without-personal-data.js';

/**
 * Turns whatever happened below into an answer in the envelope: a refusal Koa, the body parser or
 * the router raised, an OPTIONS, a 404 or a 405 they answered bare, and any fault, answered as the
 * spec's 500 with nothing of its internals (the fault itself goes to the log, naming the request).
 */
export function answerInEnvelope(bodyLimitBytes: number, logger: Logger): Middleware {
  return async function answerInEnvelope(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (error) {
      const answer = answerForError(error, bodyLimitBytes);
      if (answer.status >= 500) {
        const { requestId } = servingState(ctx);
        logger.error('request failed unexpectedly', {
          requestId,
          method: ctx.method,
          path: withoutPersonalData(ctx.path),
          error,
        });
      }
      sendAnswer(ctx, answer);
      return;
    }
    if (ctx.method === 'OPTIONS' && ctx.status === 200 && ctx.body === '') {
      sendAnswer(ctx, httpAnswers.allowedMethods(ctx.path, ctx.response.get('Allow')));
      return;
    }
    if (ctx.body != null) return;
    if (ctx.status === 405 || ctx.status === 501) {
      sendAnswer(ctx, httpAnswers.methodNotAllowed(ctx.method, ctx.path, ctx.response.get('Allow') || 'POST'));
    } else if (ctx.status === 404) {
      sendAnswer(ctx, httpAnswers.notFound(ctx.method, ctx.path));
    }
  };
}

interface ClientError {
  readonly status: number;
  readonly message: string;
  readonly expose?: boolean;
}

/** An error raised with a 4xx status of its own (by Koa, the body parser or zlib's caller). */
export function isClientError(error: unknown): error is ClientError {
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
  const reason = error.expose === false ? 'bad request' : error.message;
  return error.status === 415
    ? httpAnswers.unsupportedContentEncoding(reason)
    : httpAnswers.clientError(error.status, reason);
}
