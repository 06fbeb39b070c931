import type Router from '@koa/router';
import {
  parseCallReport,
  parseCallReports,
  parseLeaseRequest,
  type CallReport,
  type Caller,
  type ChangeCampaignStatus,
  type LeaseDueCalls,
  type LeasedCall,
  type LeaseRequest,
  type Parsed,
  type ReadCampaignRun,
  type RecordCallOutcome,
  type StartCampaign,
} from '@outbound/domain';
import type { Context } from 'koa';
import { setTimeout as pause } from 'node:timers/promises';
import type { HttpAnswer } from './answer-entry.js';
import { httpAnswers } from './http-answer.js';
import type { HttpMetrics } from './http-metrics.js';
import { readSmallJsonBody } from './json-body.js';
import type { RunActionName } from './run-answers.js';
import { sendAnswer } from './send-answer.js';
import { nameRoute, servingState } from './serving-state.js';

/** The use cases of running campaigns that the HTTP adapter calls. */
export interface CampaignRunsPort {
  readonly start: Pick<StartCampaign, 'start'>;
  readonly change: Pick<ChangeCampaignStatus, 'change'>;
  readonly lease: Pick<LeaseDueCalls, 'lease'>;
  readonly record: Pick<RecordCallOutcome, 'record'>;
  readonly read: Pick<ReadCampaignRun, 'run'>;
}

const RUN_PATHS = {
  start: '/campaigns/:name/start',
  pause: '/campaigns/:name/pause',
  resume: '/campaigns/:name/resume',
  cancel: '/campaigns/:name/cancel',
  lease: '/calls/lease',
  outcome: '/calls/:callId/outcome',
  outcomes: '/calls/outcomes',
} as const;

/**
 * The paths a dialer's key may use, and the only ones: it takes calls and reports them; with a
 * trailing slash too, as the router serves them.
 */
export const DIALER_PATHS = /^\/calls\/(lease|outcomes|[^/]+\/outcome)\/?$/;

/** How often a long poll asks the storage again while no call is due. */
const LEASE_POLL_MS = 250;

function callerOf(ctx: Context): Caller {
  const { keyName } = servingState(ctx);
  return keyName === undefined ? {} : { createdBy: keyName };
}

/** Without keys anyone may dial; with keys, only a key configured as a dialer. */
function mayDial(ctx: Context): boolean {
  const { keyName, keyRole } = servingState(ctx);
  return keyName === undefined || keyRole === 'dialer';
}

/**
 * Adds the routes that run campaigns: their owner starts, pauses, resumes and cancels them, and
 * dialers lease due calls and report how each ended. Every answer is the envelope, every bad field
 * a 400 naming it.
 */
export function addRunRoutes(
  router: Router,
  runs: CampaignRunsPort,
  { metrics, isStopping }: { readonly metrics: HttpMetrics | undefined; readonly isStopping: () => boolean },
): void {
  const nameOf = (ctx: Context): string => (ctx.params as { name: string }).name;

  router.post(RUN_PATHS.start, nameRoute, async (ctx) => {
    const read = await readSmallJsonBody(ctx);
    if ('status' in read) return sendAnswer(ctx, read);
    sendAnswer(ctx, httpAnswers.runOutcome(await runs.start.start(nameOf(ctx), read.body, callerOf(ctx)), 'start'));
  });

  for (const action of ['pause', 'resume', 'cancel'] as const satisfies readonly RunActionName[]) {
    router.post(RUN_PATHS[action], nameRoute, async (ctx) => {
      sendAnswer(ctx, httpAnswers.runOutcome(await runs.change.change(nameOf(ctx), action, callerOf(ctx)), action));
    });
  }

  /** Records one call's report, counts it when it is new, and answers as its own route does. */
  const reportedAnswer = async (callId: string, report: CallReport): Promise<HttpAnswer> => {
    const result = await runs.record.record(callId, report);
    if (result.code === 'outcome-recorded' && !result.replayed) metrics?.reported(report.outcome);
    return recordedAnswer(result);
  };

  router.post(RUN_PATHS.lease, nameRoute, async (ctx) => {
    const request = await dialerRequest(ctx, 'lease calls', parseLeaseRequest);
    if (request === undefined) return;
    const calls = await leaseWaiting(ctx, runs.lease, request, isStopping);
    metrics?.leased(calls.length);
    sendAnswer(ctx, httpAnswers.leased(calls));
  });

  router.post(RUN_PATHS.outcome, nameRoute, async (ctx) => {
    const report = await dialerRequest(ctx, 'report calls', parseCallReport);
    if (report === undefined) return;
    sendAnswer(ctx, await reportedAnswer((ctx.params as { callId: string }).callId, report));
  });

  // Each call is settled on its own, as its own report would be: one that cannot be recorded
  // leaves the others recorded, and a request sent again after a failure replays what was stored.
  router.post(RUN_PATHS.outcomes, nameRoute, async (ctx) => {
    const reports = await dialerRequest(ctx, 'report calls', parseCallReports);
    if (reports === undefined) return;
    // Every call's settlement ends before the request is answered, even when one fails.
    const settled = await Promise.allSettled(reports.map(({ callId, ...report }) => reportedAnswer(callId, report)));
    const answers: HttpAnswer[] = [];
    for (const each of settled) {
      if (each.status === 'rejected') throw each.reason;
      answers.push(each.value);
    }
    sendAnswer(ctx, httpAnswers.outcomesReported(answers));
  });
}

/**
 * A dialer's request body, checked by `parse`; undefined once the refusal is sent: a key that is
 * not a dialer's (403, `what` it may not do), a body that cannot be read, or a field that is wrong.
 */
async function dialerRequest<T>(
  ctx: Context,
  what: string,
  parse: (input: unknown) => Parsed<T>,
): Promise<T | undefined> {
  if (!mayDial(ctx)) {
    sendAnswer(ctx, httpAnswers.forbidden(`${what}: only a dialer key may`));
    return undefined;
  }
  const read = await readSmallJsonBody(ctx);
  if ('status' in read) {
    sendAnswer(ctx, read);
    return undefined;
  }
  const parsed = parse(read.body);
  if (parsed.valid) return parsed.value;
  sendAnswer(ctx, httpAnswers.invalidRequest(parsed.problems));
  return undefined;
}

function recordedAnswer(result: Awaited<ReturnType<RecordCallOutcome['record']>>): HttpAnswer {
  switch (result.code) {
    case 'outcome-recorded':
      return httpAnswers.outcomeRecorded(result.callId, result.replayed);
    case 'call-not-found':
      return httpAnswers.callNotFound(result.callId);
    case 'call-already-ended':
      return httpAnswers.callAlreadyEnded(result.callId, result.ended);
  }
}

/**
 * Leases due calls, asking the storage again every {@link LEASE_POLL_MS} until some are due or
 * `waitMs` has passed; holds no connection of the storage, nor any lock, while it waits, and stops
 * waiting when the client goes away or the server begins to stop (so that a stop is not held up
 * by dialers waiting for calls).
 */
async function leaseWaiting(
  ctx: Context,
  lease: CampaignRunsPort['lease'],
  { waitMs, ...query }: LeaseRequest,
  isStopping: () => boolean,
): Promise<LeasedCall[]> {
  const gone = new AbortController();
  const onClose = () => gone.abort();
  ctx.res.once('close', onClose);
  try {
    const until = performance.now() + waitMs;
    for (;;) {
      const calls = await lease.lease(query);
      const left = until - performance.now();
      if (calls.length > 0 || left <= 0 || isStopping()) return calls;
      await pause(Math.min(LEASE_POLL_MS, left), undefined, { signal: gone.signal }).catch(() => undefined);
      // Calls leased for a client that has gone would wait out their lease before being called.
      if (gone.signal.aborted) return [];
    }
  } finally {
    ctx.res.off('close', onClose);
  }
}
