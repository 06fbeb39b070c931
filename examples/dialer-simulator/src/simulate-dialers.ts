import { setTimeout as pause } from 'node:timers/promises';
import { Progress } from './progress-line.js';
import type { Outcome, SimulatorOptions } from './simulator-options.js';

interface LeasedCall {
  readonly callId: string;
  readonly attempt: number;
}

/** An answer of the server the simulator cannot go on from: its status and message. */
export class ServerRefused extends Error {
  override readonly name = 'ServerRefused';
}

/** Picks an outcome at random, as likely as the odds say. */
function pick(odds: SimulatorOptions['odds']): Outcome {
  let roll = Math.random();
  const entries = Object.entries(odds) as [Outcome, number][];
  for (const [outcome, chance] of entries) {
    roll -= chance;
    if (roll < 0) return outcome;
  }
  return entries.at(-1)?.[0] ?? 'answered';
}

async function postJson(
  options: SimulatorOptions,
  path: string,
  body: unknown,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(`${options.url}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(options.key === undefined ? {} : { 'x-api-key': options.key }),
      },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND…) is its cause's code.
    const reason = (error as { cause?: { code?: unknown } }).cause?.code;
    throw new ServerRefused(`cannot reach ${options.url}${typeof reason === 'string' ? ` (${reason})` : ''}`);
  }
  const answer = (await response.json()) as { data: Record<string, unknown>; message: string };
  // A report the server already has (a replay) or that came after its lease is no reason to stop.
  if (!response.ok && response.status !== 409) throw new ServerRefused(`${path}: ${response.status} ${answer.message}`);
  return answer.data;
}

/** One dialer: leases, pretends to call each contact, reports, and leases again until told to stop. */
async function dialer(
  options: SimulatorOptions,
  progress: Progress,
  stopAt: number,
  signal: AbortSignal,
): Promise<void> {
  let emptyInARow = 0;
  while (performance.now() < stopAt && !signal.aborted) {
    const { calls } = (await postJson(
      options,
      '/calls/lease',
      {
        max: options.max,
        waitMs: options.waitMs,
        ...(options.campaign === undefined ? {} : { campaign: options.campaign }),
      },
      signal,
    )) as { calls: LeasedCall[] };
    if (calls.length === 0) {
      emptyInARow += 1;
      if (options.untilIdle !== undefined && emptyInARow >= options.untilIdle) return;
      continue;
    }
    emptyInARow = 0;
    progress.leased += calls.length;
    progress.inFlight += calls.length;
    await Promise.all(
      calls.map(async ({ callId }) => {
        const [from, to] = options.callMs;
        const durationMs = from + Math.random() * (to - from);
        await pause(durationMs, undefined, { signal });
        const outcome = pick(options.odds);
        await postJson(
          options,
          `/calls/${encodeURIComponent(callId)}/outcome`,
          { outcome, durationSeconds: Math.round(durationMs / 1_000) },
          signal,
        );
        progress.inFlight -= 1;
        progress.reported(outcome);
      }),
    );
  }
}

/**
 * Runs `options.concurrency` dialers side by side until each stops (after `untilIdle` empty leases
 * in a row, or `forMs`), and resolves with what they did. The first failure stops every dialer
 * (a server that refuses one refuses all) and is what it rejects with.
 */
export async function simulateDialers(options: SimulatorOptions, progress = new Progress()): Promise<Progress> {
  const stopAt = performance.now() + (options.forMs ?? Number.POSITIVE_INFINITY);
  const stopping = new AbortController();
  let failure: { readonly error: unknown } | undefined;
  await Promise.all(
    Array.from({ length: options.concurrency }, () =>
      dialer(options, progress, stopAt, stopping.signal).catch((error: unknown) => {
        failure ??= { error };
        stopping.abort();
      }),
    ),
  );
  if (failure !== undefined) throw failure.error;
  return progress;
}
