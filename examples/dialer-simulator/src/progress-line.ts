import type { Outcome } from './simulator-options.js';

/** What the dialers have done so far: calls leased, calls under way, outcomes reported. */
export class Progress {
  leased = 0;
  inFlight = 0;
  readonly outcomes = new Map<Outcome, number>();

  reported(outcome: Outcome): void {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }

  /** One line of it; never a phone number or a name, only counts. */
  line(): string {
    const outcomes = [...this.outcomes].map(([outcome, count]) => `${outcome} ${count}`).join(', ');
    return `leased ${this.leased}, in flight ${this.inFlight}${outcomes === '' ? '' : `; ${outcomes}`}`;
  }
}

/**
 * Shows the progress as one line: rewritten in place at a terminal, a line a second elsewhere (a
 * log file or a pipe), and the last one when stopped.
 */
export function showProgress(progress: Progress, output: NodeJS.WriteStream): { stop(): void } {
  const terminal = output.isTTY;
  const draw = () => output.write(terminal ? `\r${progress.line()}\u001b[K` : `${progress.line()}\n`);
  const timer = setInterval(draw, terminal ? 200 : 1_000);
  return {
    stop: () => {
      clearInterval(timer);
      output.write(terminal ? `\r${progress.line()}\u001b[K\n` : `${progress.line()}\n`);
    },
  };
}
