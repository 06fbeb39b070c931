import { clipped, silentLogger, type CreateContactAndCampaignOutcome, type Logger } from '@outbound/domain';
import type { Context, Middleware, Next } from 'koa';
import type { HttpMetrics } from './http-metrics.js';
import { requestIdFrom, withinRequest } from './request-context.js';
import { startServing, type ServingState } from './serving-state.js';
import { pathWithoutPersonalData } from './without-personal-data.js';

export interface RequestLogOptions {
  /** Receives the access line; {@link silentLogger} is given none. */
  readonly logger: Logger;
  readonly metrics: HttpMetrics | undefined;
  /** Whether `currentRequestLogFields()` names the request to whatever serving it calls. */
  readonly requestContext: boolean;
  /** The route template of a request, as the access line and metrics name it. */
  readonly routeOf: (ctx: Context, state: ServingState) => string;
}

/**
 * Gives each request its id (the client's `X-Request-Id` when it is safe to repeat, a new one
 * otherwise), sends it back, and once the answer is sent or the client is gone, writes the access
 * line and counts the request. No field of the line holds what a client sent but its method and
 * its path, clipped, with what looks like a phone number or an e-mail address taken out.
 */
export function requestIdAndAccessLine({ logger, metrics, requestContext, routeOf }: RequestLogOptions): Middleware {
  const logged = logger !== silentLogger;
  // Nothing reads the request's figures when nothing is logged or counted; a request then skips them.
  const observed = logged || metrics !== undefined;
  return async function requestIdAndAccessLine(ctx: Context, next: Next): Promise<void> {
    const requestId = requestIdFrom(ctx.get('X-Request-Id') || undefined);
    ctx.set('X-Request-Id', requestId);
    const state = startServing(ctx, requestId);
    const served = requestContext ? () => withinRequest({ requestId }, next) : next;
    if (!observed) {
      await served();
      return;
    }
    const startedAt = performance.now();
    ctx.res.once('close', () => {
      const seconds = (performance.now() - startedAt) / 1_000;
      const route = routeOf(ctx, state);
      metrics?.answered(ctx.method, route, ctx.status, seconds);
      if (state.keyName !== undefined && state.keyFingerprint !== undefined) {
        metrics?.presentedKey(state.keyName, state.keyFingerprint);
      }
      // The access line's fields are many; a logger that writes nothing is not given them.
      if (!logged) return;
      logger.info('request', {
        requestId,
        method: ctx.method,
        route,
        path: clipped(pathWithoutPersonalData(ctx.path)),
        status: ctx.status,
        durationMs: Math.round(seconds * 1_000_000) / 1_000,
        requestBytes: ctx.request.length ?? null,
        key: state.keyName ?? null,
        keyFingerprint: state.keyFingerprint ?? null,
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
