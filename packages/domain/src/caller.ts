/**
 * Who is asking, as the edge knows it. Every use case takes it alike; nothing in it changes whether
 * a request is valid, only whose names it creates and reads and how its log lines are named.
 */
export interface Caller {
  /**
   * The name of the caller's API key, never a secret nor empty: the owner whose names a request
   * creates and reads, recorded as `createdBy` on what it creates. Absent when the caller is not
   * known: it then creates and reads what belongs to no owner.
   */
  readonly createdBy?: string;
  /** Names the request on every line logged while running it, as the edge's access line does. */
  readonly requestId?: string;
}

/** The owner whose names the caller's request creates and reads: its key's name, or null without one. */
export function ownerOf({ createdBy }: Caller): string | null {
  // Stores may keep "no owner" as an empty name; an empty key name would read what belongs to no one.
  if (createdBy === '') throw new RangeError('createdBy must not be empty: leave it out for a caller without a key');
  return createdBy ?? null;
}
