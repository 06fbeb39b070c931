import type { Clock } from '@outbound/domain';

/** A clock that stands still until a test moves it, so what adapters record of time can be compared exactly. */
export interface FixedClock extends Clock {
  /** Moves the clock forward (or back, with a negative amount) by this many milliseconds. */
  advance(ms: number): void;
}

export function aFixedClock(isoTime: string): FixedClock {
  let at = new Date(isoTime).getTime();
  return {
    now: () => new Date(at),
    advance: (ms) => {
      at += ms;
    },
  };
}
