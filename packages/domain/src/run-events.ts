/**
 * What the edge may want to count as campaigns run (figures for metrics, never a number or a
 * name): told as it happens, by the use cases that see it. Every method is optional to implement.
 */
export interface RunEvents {
  /** Attempts whose lease ran out unreported were ended as failed ones. */
  leasesExpired?(count: number): void;
}

export const RunEventsToken: unique symbol = Symbol.for('@outbound/domain/RunEvents');

/** Tells nobody. */
export const noRunEvents: RunEvents = {};
