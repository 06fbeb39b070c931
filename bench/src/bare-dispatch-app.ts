// The baseline of bench:dispatch over HTTP: a bare Koa app that hands out calls and records their
// outcomes at the paths outbound serves them, with the statements of bare-dispatch.ts, answering as
// little as a hand-written service would. What it costs beside the bare statements in-process is
// what carrying each lease and each outcome over HTTP costs any server.
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { openBareDispatch, PER_LEASE } from './bare-dispatch.js';

const OUTCOME_PATH = /^\/calls\/([^/]+)\/outcome$/;

export function bareDispatchApp(databaseUrl: string): Koa {
  const dispatch = openBareDispatch(databaseUrl);
  const campaignIds = new Map<string, Promise<number>>();
  const app = new Koa();
  app.use(bodyParser());
  app.use(async (ctx) => {
    if (ctx.method !== 'POST') return;
    if (ctx.path === '/calls/lease') {
      const { campaign, max } = ctx.request.body as { campaign: string; max?: number };
      let campaignId = campaignIds.get(campaign);
      if (campaignId === undefined) {
        campaignId = dispatch.campaignId(campaign);
        campaignIds.set(campaign, campaignId);
      }
      const calls = await dispatch.claim(await campaignId, Date.now());
      ctx.body = { status: 'success', data: { calls: calls.slice(0, max ?? PER_LEASE) } };
      return;
    }
    const callId = OUTCOME_PATH.exec(ctx.path)?.[1];
    if (callId === undefined) return;
    await dispatch.report(callId, Date.now());
    ctx.body = { status: 'success', data: { callId, message: 'recorded' } };
  });
  return app;
}
