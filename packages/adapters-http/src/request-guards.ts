import type { Context, Middleware, Next } from 'koa';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiKeys, presentedSecret, type ApiKey } from './api-keys.js';
import { httpAnswers } from './http-answer.js';
import { DIALER_PATHS } from './run-routes.js';
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
  /** Failed authentications a minute per client address; 0: no limit. */
  readonly authFailureLimitPerMinute: number;
}

/**
 * The checks a request passes before any route reads it: its key (and, failing it, its address's
 * budget of failures), then its share of the rate limit (counted by key, or by address without
 * keys). Each refuses before the body is read.
 */
export function requestGuards({
  prefix,
  apiKeys,
  rateLimitPerMinute,
  authFailureLimitPerMinute,
}: RequestGuardOptions): Middleware[] {
  const guards: Middleware[] = [];
  if (apiKeys.length > 0) {
    const failures = authFailureLimitPerMinute > 0 ? perMinute(authFailureLimitPerMinute) : undefined;
    guards.push(authenticate(new ApiKeys(apiKeys), prefix, failures));
  }
  if (rateLimitPerMinute > 0) guards.push(limitRate(perMinute(rateLimitPerMinute), prefix));
  return guards;
}

function perMinute(points: number): RateLimiterMemory {
  return new RateLimiterMemory({ points, duration: 60 });
}

/** The path a guard sees, without the prefix the host mounted the API under. */
function isOpenPath(ctx: Context, prefix: string): boolean {
  const path = ctx.path.slice(prefix.length);
  return OPEN_PATHS.has(path) || path.startsWith('/docs/');
}

/**
 * Answers 401 to a request without a known key, before its body is read; the connection is closed
 * after the answer, so a body that was sent anyway is not read either. Past its address's budget
 * of failures, the answer is 429 instead. A valid key is served whatever its address has spent:
 * behind a balancer every client shares one address, and one client's stale key must not lock the
 * others out.
 */
function authenticate(keys: ApiKeys, prefix: string, failures: RateLimiterMemory | undefined): Middleware {
  return async function authenticate(ctx: Context, next: Next): Promise<void> {
    if (isOpenPath(ctx, prefix)) {
      await next();
      return;
    }
    const key = keys.identify(presentedSecret(ctx.headers));
    if (key === null) {
      const overBudget = failures === undefined ? null : await spend(failures, `address:${ctx.ip}`);
      refuseUnread(ctx, overBudget === null ? httpAnswers.unauthorized() : tooManyRequests(overBudget));
      return;
    }
    const state = servingState(ctx);
    state.keyName = key.owner;
    state.keyFingerprint = key.fingerprint;
    if (key.role !== undefined) {
      state.keyRole = key.role;
      if (!DIALER_PATHS.test(ctx.path.slice(prefix.length))) {
        refuseUnread(ctx, httpAnswers.forbidden('do this: a dialer key only leases calls and reports them'));
        return;
      }
    }
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
    // By owner: a client moving to an owner's new secret keeps the budget it had, not twice it.
    const overBudget = await spend(limiter, keyName === undefined ? `address:${ctx.ip}` : `key:${keyName}`);
    if (overBudget !== null) {
      refuseUnread(ctx, tooManyRequests(overBudget));
      return;
    }
    await next();
  };
}

/** Takes a point of `key`'s budget: null when there was one to take, else the limiter's refusal. */
async function spend(limiter: RateLimiterMemory, key: string): Promise<RateLimiterRes | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return rejection;
  }
}

function tooManyRequests(refusal: RateLimiterRes) {
  return httpAnswers.tooManyRequests(Math.max(1, Math.ceil(refusal.msBeforeNext / 1_000)));
}
