import type Router from '@koa/router';
import type { Registry } from 'prom-client';
import { httpAnswers } from './http-answer.js';
import { sendAnswer } from './send-answer.js';
import { nameRoute } from './serving-state.js';

export interface ProbeRouteOptions {
  /** Resolves when the storage answers. */
  readonly ready: () => Promise<void>;
  /** How long `/readyz` waits for `ready` before answering 503. */
  readonly readyTimeoutMs: number;
  /** True once the process is stopping. */
  readonly isStopping: () => boolean;
  /** Served at `/metrics` when given. */
  readonly metrics: Registry | undefined;
}

/**
 * What an operator's tools ask, no key needed: `GET /healthz` (the process runs), `GET /readyz`
 * (a write could proceed now: the storage answers and the process is not stopping) and, with a
 * registry, `GET /metrics` in Prometheus' text format.
 */
export function addProbeRoutes(
  router: Router,
  { ready, readyTimeoutMs, isStopping, metrics }: ProbeRouteOptions,
): void {
  router.get('/healthz', nameRoute, (ctx) => sendAnswer(ctx, httpAnswers.alive()));
  router.get('/readyz', nameRoute, async (ctx) => {
    if (isStopping()) {
      sendAnswer(ctx, httpAnswers.stopping());
      return;
    }
    sendAnswer(ctx, (await answersWithin(ready, readyTimeoutMs)) ? httpAnswers.ready() : httpAnswers.notReady());
  });
  if (metrics !== undefined) {
    router.get('/metrics', nameRoute, async (ctx) => {
      ctx.type = metrics.contentType;
      ctx.body = await metrics.metrics();
    });
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
