/** How many writes run at once and how many may wait for their turn. */
export interface WriteAdmissionLimits {
  /** Requests running the use case at once. */
  readonly maxConcurrent: number;
  /** Requests waiting for a turn; past it, the next is turned away at once. */
  readonly maxQueued: number;
  /** How long a request waits for its turn before it is turned away. */
  readonly queueTimeoutMs: number;
}

export const DEFAULT_WRITE_ADMISSION_LIMITS: WriteAdmissionLimits = {
  maxConcurrent: 4,
  // A waiting request has not read its body: it holds a socket and Node's read-ahead of at most
  // 64 KiB, so this many cost a few megabytes at most.
  maxQueued: 256,
  queueTimeoutMs: 30_000,
};

/** Turned away: the queue was full or the turn did not come in time, and when to try again. */
export interface Refusal {
  readonly refused: 'queue-full' | 'timed-out';
  readonly retryAfterSeconds: number;
}

/** Lets the holder run; call it once done, whatever happened. */
export type Release = () => void;

interface Waiter {
  readonly admit: (release: Release) => void;
  readonly refuse: (refusal: Refusal) => void;
}

/**
 * Admission control for writes: at most `maxConcurrent` run, the rest wait first come first
 * served, and a request that cannot wait is refused with a hint of when the queue will have
 * moved (from how long recent writes took), rather than left to pile onto the storage.
 */
export class WriteAdmission {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  /** A moving average of how long an admitted write held its turn. */
  private averageHoldMs = 1_000;

  constructor(private readonly limits: WriteAdmissionLimits = DEFAULT_WRITE_ADMISSION_LIMITS) {}

  /** Waits for a turn; `abandoned` (the client hung up) leaves the queue without one. */
  admit(abandoned?: AbortSignal): Promise<Release | Refusal> {
    if (this.running < this.limits.maxConcurrent && this.waiting.length === 0) {
      return Promise.resolve(this.grant());
    }
    if (this.waiting.length >= this.limits.maxQueued) return Promise.resolve(this.refusal('queue-full'));
    return new Promise((resolve) => {
      const leave = (): void => {
        clearTimeout(timer);
        abandoned?.removeEventListener('abort', onAbandoned);
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
      };
      const waiter: Waiter = {
        admit: (release) => {
          leave();
          resolve(release);
        },
        refuse: (refusal) => {
          leave();
          resolve(refusal);
        },
      };
      const timer = setTimeout(() => waiter.refuse(this.refusal('timed-out')), this.limits.queueTimeoutMs);
      const onAbandoned = (): void => waiter.refuse(this.refusal('timed-out'));
      abandoned?.addEventListener('abort', onAbandoned, { once: true });
      this.waiting.push(waiter);
    });
  }

  private grant(): Release {
    this.running += 1;
    const startedAt = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.averageHoldMs = 0.8 * this.averageHoldMs + 0.2 * (performance.now() - startedAt);
      this.running -= 1;
      const next = this.waiting[0];
      if (next !== undefined) next.admit(this.grant());
    };
  }

  private refusal(refused: Refusal['refused']): Refusal {
    // Long enough for the writes ahead to be done, by how long writes have lately taken.
    const aheadMs = ((this.waiting.length + this.running) / this.limits.maxConcurrent) * this.averageHoldMs;
    return { refused, retryAfterSeconds: Math.min(120, Math.max(1, Math.ceil(aheadMs / 1_000))) };
  }
}
