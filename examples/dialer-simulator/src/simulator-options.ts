import { parseArgs } from 'node:util';

/** A dialer's report of one call, as the API names outcomes. */
export type Outcome = 'answered' | 'no-answer' | 'busy' | 'failed' | 'voicemail' | 'opted-out';

const OUTCOMES: readonly Outcome[] = ['answered', 'no-answer', 'busy', 'failed', 'voicemail', 'opted-out'];

export interface SimulatorOptions {
  /** The server's address, as `http://127.0.0.1:3000`. */
  readonly url: string;
  /** A dialer's API key; none for a server without keys. */
  readonly key: string | undefined;
  /** Dialers leasing side by side. */
  readonly concurrency: number;
  /** Calls each lease asks for. */
  readonly max: number;
  /** How long a lease waits for a call to become due. */
  readonly waitMs: number;
  /** How likely each outcome is; they add up to 1. */
  readonly odds: Readonly<Partial<Record<Outcome, number>>>;
  /** How long a pretended call lasts, from and to, in milliseconds. */
  readonly callMs: readonly [number, number];
  /** Only this campaign's calls. */
  readonly campaign: string | undefined;
  /** A dialer stops after this many empty leases in a row; none: never. */
  readonly untilIdle: number | undefined;
  /** Every dialer stops after this long; none: never. */
  readonly forMs: number | undefined;
}

export const USAGE = `usage: dialer-simulator [--url URL] [--key KEY] [--concurrency N] [--max N] [--wait-ms MS]
                        [--odds answered=0.5,no-answer=0.3,...] [--call-ms MIN-MAX]
                        [--campaign NAME] [--until-idle N] [--for SECONDS]
  --key defaults to OUTBOUND_API_KEY: a dialer's key (name:secret:dialer on the server)`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function whole(text: string | undefined, fallback: number, option: string, min = 0): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${option} must be a whole number of at least ${min}`);
  return value;
}

function oddsOf(text: string): Partial<Record<Outcome, number>> {
  const odds: Partial<Record<Outcome, number>> = {};
  for (const pair of text.split(',')) {
    const [outcome, chance] = pair.split('=');
    const value = Number(chance);
    if (!OUTCOMES.includes(outcome as Outcome) || !(value >= 0)) {
      throw new UsageError(`--odds takes outcome=chance pairs of ${OUTCOMES.join(', ')} (got ${pair})`);
    }
    odds[outcome as Outcome] = value;
  }
  const total = Object.values(odds).reduce((sum, chance) => sum + chance, 0);
  if (Math.abs(total - 1) > 1e-9) throw new UsageError(`--odds must add up to 1 (they add up to ${total})`);
  return odds;
}

function rangeOf(text: string): [number, number] {
  const match = /^(\d+)-(\d+)$/.exec(text);
  const [from, to] = [Number(match?.[1]), Number(match?.[2])];
  if (match === null || from > to) throw new UsageError('--call-ms must be MIN-MAX in milliseconds, as 200-1500');
  return [from, to];
}

/** The options `args` give, the defaults for the rest; throws a UsageError naming what is wrong. */
export function simulatorOptions(args: readonly string[], env: NodeJS.ProcessEnv): SimulatorOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        concurrency: { type: 'string' },
        max: { type: 'string' },
        'wait-ms': { type: 'string' },
        odds: { type: 'string' },
        'call-ms': { type: 'string' },
        campaign: { type: 'string' },
        'until-idle': { type: 'string' },
        for: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const forSeconds = values.for === undefined ? undefined : whole(values.for, 0, 'for', 1);
  return {
    url: values.url ?? 'http://127.0.0.1:3000',
    key: values.key ?? env['OUTBOUND_API_KEY'],
    concurrency: whole(values.concurrency, 4, 'concurrency', 1),
    max: whole(values.max, 10, 'max', 1),
    waitMs: whole(values['wait-ms'], 5_000, 'wait-ms'),
    odds: oddsOf(values.odds ?? 'answered=0.5,no-answer=0.3,busy=0.1,failed=0.05,voicemail=0.05'),
    callMs: rangeOf(values['call-ms'] ?? '200-1500'),
    campaign: values.campaign,
    untilIdle: values['until-idle'] === undefined ? undefined : whole(values['until-idle'], 1, 'until-idle', 1),
    forMs: forSeconds === undefined ? undefined : forSeconds * 1_000,
  };
}
