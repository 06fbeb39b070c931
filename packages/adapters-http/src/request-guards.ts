import type { Context, Middleware, Next } from 'koa';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiKeys, presentedSecret, type ApiKey } from './api-keys.js';
import { httpAnswers } from './http-answer.js';
import { refuseUnread } from './send-answer.js';
import { servingState } from './serving-state.js';

/** Paths that reveal nothing about lists, so that a probe, a scraper or a reader of the reference needs no key. */
const OPEN_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs']);

export interface RequestGuardOptions {
  readonly prefix: string;
  /** None or empty: no key is asked for. */
  readonly apiKeys: readonly ApiKey[];
  /** 0: no limit. */
  readonly rateLimitPerMinute: number;
}

/**
 * The checks a request passes before any route reads it: its key, then its share of the rate
 * limit (counted by key, or by address without keys). Each refuses before the body is read.
 */
export function requestGuards({ prefix, apiKeys, rateLimitPerMinute }: RequestGuardOptions): Middleware[] {
  const guards: Middleware[] = [];
  if (apiKeys.length > 0) guards.push(authenticate(new ApiKeys(apiKeys), prefix));
  if (rateLimitPerMinute > 0) {
    guards.push(limitRate(new RateLimiterMemory({ points: rateLimitPerMinute, duration: 60 }), prefix));
  }
  return guards;
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
    const key = keys.identify(presentedSecret(ctx.headers));
    if (key === null) {
      refuseUnread(ctx, httpAnswers.unauthorized());
      return;
    }
    const state = servingState(ctx);
    state.keyName = key.owner;
    state.keyFingerprint = key.fingerprint;
    await next();
  };
}

function limitRate(limiter: RateLimiterMemory, prefix: string): Middleware {
  return async function limitRate(ctx: Context, next: Next): Promise<void> {
    if (isOpenPath(ctx, prefix)) {
      await next();
      return;
    }
    const { keyName } = servingState(ctx);
    try {
      // By owner: a client moving to an owner's new secret keeps the budget it had, not twice it.
      await limiter.consume(keyName === undefined ? `address:${ctx.ip}` : `key:${keyName}`);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      refuseUnread(ctx, httpAnswers.tooManyRequests(Math.max(1, Math.ceil(rejection.msBeforeNext / 1_000))));
      return;
    }
    await next();
  };
}
