import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import { silentLogger, type CreateContactAndCampaign, type Logger } from '@outbound/domain';
import Koa, { type Context, type Next } from 'koa';
import { httpAnswers, type HttpAnswer } from './http-answer.js';

export const CREATE_CONTACT_AND_CAMPAIGN_PATH = '/createContactAndCampaign';

/** Enough for 100,000 rows with a handful of custom fields each. */
export const DEFAULT_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

/** How long /readyz waits for the storage before calling it not ready, unless told otherwise. */
const DEFAULT_READY_TIMEOUT_MS = 2_000;

export interface HttpAppOptions {
  /** The largest request body accepted, in bytes; larger ones get 413. */
  readonly bodyLimitBytes?: number;
  /** Receives faults that clients are not shown. */
  readonly logger?: Logger;
  /** Resolves when the storage answers; `GET /readyz` reports it. Always ready when absent. */
  readonly ready?: () => Promise<void>;
  /** How long `GET /readyz` waits for `ready` before answering 503. */
  readonly readyTimeoutMs?: number;
}

/** The part of the use case the HTTP adapter calls. */
export type CreateContactAndCampaignPort = Pick<CreateContactAndCampaign, 'execute'>;

/**
 * The Koa application serving `POST /createContactAndCampaign`. Every answer, including every
 * refusal, carries the spec's envelope; no input makes it crash or answer a 5xx other than the
 * spec's two.
 */
export function createHttpApp(useCase: CreateContactAndCampaignPort, options: HttpAppOptions = {}): Koa {
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const logger = options.logger ?? silentLogger;
  const app = new Koa();
  // What Koa reports outside the middleware, such as a client gone before its answer was written,
  // goes to the operator's log rather than to stderr.
  app.on('error', (error: unknown) => logger.warn('connection error', { error }));
  const router = new Router();

  router.post(
    CREATE_CONTACT_AND_CAMPAIGN_PATH,
    bodyParser({ enableTypes: ['json'], jsonLimit: bodyLimitBytes, encoding: 'utf-8' }),
    async (ctx) => {
      // The body parser reads only JSON media types and leaves rawBody unset for any other.
      if (ctx.request.rawBody === undefined) {
        send(ctx, httpAnswers.unsupportedMediaType(ctx.get('Content-Type') || undefined));
        return;
      }
      send(ctx, httpAnswers.outcome(await useCase.execute(ctx.request.body)));
    },
  );

  router.get('/healthz', (ctx) => send(ctx, httpAnswers.alive()));
  router.get('/readyz', async (ctx) => {
    const ready = await answersWithin(
      options.ready ?? (async () => undefined),
      options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    );
    send(ctx, ready ? httpAnswers.ready() : httpAnswers.notReady());
  });

  app.use(answerInEnvelope(bodyLimitBytes, logger));
  app.use(collapseRepeatedSlashes);
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
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

/**
 * The spec's own examples call `https://host//createContactAndCampaign`; clients keep that double
 * slash, so the path is read with repeated slashes folded into one.
 */
async function collapseRepeatedSlashes(ctx: Context, next: Next): Promise<void> {
  if (ctx.path.includes('//')) ctx.path = ctx.path.replace(/\/{2,}/g, '/');
  await next();
}

/** Turns whatever happened below into an enveloped answer, keeping internals from the client. */
function answerInEnvelope(bodyLimitBytes: number, logger: Logger) {
  return async function answerInEnvelope(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (error) {
      const answer = answerForError(error, bodyLimitBytes);
      if (answer.status >= 500)
        logger.error('request failed unexpectedly', { method: ctx.method, path: ctx.path, error });
      send(ctx, answer);
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
