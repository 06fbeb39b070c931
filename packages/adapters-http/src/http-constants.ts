// The adapter's path and defaults, in a module of their own that loads nothing else (exported as
// `@outbound/adapters-http/constants`), so that a command which reads the server's settings, or
// calls a server, does not load Koa to learn them.

export const CREATE_CONTACT_AND_CAMPAIGN_PATH = '/createContactAndCampaign';

/** Enough for 100,000 rows with a handful of custom fields each. */
export const DEFAULT_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

/** How many writes run at once, how many body bytes they may hold, and how many may wait. */
export interface WriteAdmissionLimits {
  /** Requests running the use case at once. */
  readonly maxConcurrent: number;
  /**
   * Declared body bytes of the requests running at once (a body of unknown length counts as the
   * largest accepted). A request larger than this alone runs when nothing else does.
   */
  readonly maxBodyBytesInFlight: number;
  /** Requests waiting for a turn; past it, the next is turned away at once. */
  readonly maxQueued: number;
  /** How long a request waits for its turn before it is turned away. */
  readonly queueTimeoutMs: number;
}

export const DEFAULT_WRITE_ADMISSION_LIMITS: WriteAdmissionLimits = {
  maxConcurrent: 4,
  // A parsed body takes many times its JSON text in memory until it is stored, so a budget of twice
  // the body of a 100,000-row request keeps the heap of requests at once within what one machine
  // holds (docs/benchmarks.md has the peak of such a request).
  maxBodyBytesInFlight: 16 * 1024 * 1024,
  // A waiting request has not read its body: it holds a socket and Node's read-ahead of at most
  // 64 KiB, so this many cost a few megabytes at most.
  maxQueued: 256,
  queueTimeoutMs: 30_000,
};
