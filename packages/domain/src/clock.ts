/**
 * Where adapters read the time they record (a campaign's `createdAt`, say). It comes in from the
 * edge so that what they record can be tested exactly.
 */
export interface Clock {
  /** The current time; each call may answer a later one. */
  now(): Date;
}

export const ClockToken: unique symbol = Symbol.for('@outbound/domain/Clock');

/** The machine's own clock, for every adapter that is not given another. */
export const systemClock: Clock = { now: () => new Date() };
