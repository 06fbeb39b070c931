import type { Clock } from '@outbound/domain';

/** A clock that stands still at one moment, so what adapters record of time can be compared exactly. */
export function aFixedClock(isoTime: string): Clock {
  const at = new Date(isoTime);
  return { now: () => new Date(at) };
}
