/**
 * Who is asking, as the edge knows it. Every use case takes it alike; nothing in it changes what a
 * request means, only whose records it makes or may see and how its log lines are named.
 */
export interface Caller {
  /**
   * The name of the caller's API key, never a secret: recorded as `createdBy` on what a request
   * creates, and the only owner whose records a read shows. Absent when the caller is not known.
   */
  readonly createdBy?: string;
  /** Names the request on every line logged while running it, as the edge's access line does. */
  readonly requestId?: string;
}
