import { DEFAULT_WRITE_ADMISSION_LIMITS, type WriteAdmissionLimits } from './http-constants.js';

/** Turned away: the queue was full or the turn did not come in time, and when to try again. */
export interface Refusal {
  readonly refused: 'queue-full' | 'timed-out';
  readonly retryAfterSeconds: number;
}

/**
 * What tells that a waiting client hung up: Node's ServerResponse, whose `close` before the answer
 * means the connection is gone (an emitter's listener costs a waiting request far less than an
 * AbortSignal's).
 */
export interface ClosingClient {
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

/** Lets the holder run; call it once done, whatever happened. */
export type Release = () => void;

interface Waiter {
  readonly bodyBytes: number;
  readonly admit: (release: Release) => void;
  readonly refuse: (refusal: Refusal) => void;
}

/**
 * Admission control for writes: at most `maxConcurrent` run, holding at most
 * `maxBodyBytesInFlight` of declared body; the rest wait first come first served (a large request
 * at the head is not overtaken), and a request that cannot wait is refused with a hint of when the
 * queue will have moved (from how long recent writes took), rather than left to pile onto the
 * storage and the heap.
 */
export class WriteAdmission {
  private running = 0;
  private bodyBytesInFlight = 0;
  private readonly waiting: Waiter[] = [];
  /** A moving average of how long an admitted write held its turn. */
  private averageHoldMs = 1_000;

  constructor(private readonly limits: WriteAdmissionLimits = DEFAULT_WRITE_ADMISSION_LIMITS) {}

  /** A turn at once when there is room and nobody waits, so the usual case makes no promise and no timer; null otherwise. */
  tryAdmit(bodyBytes: number): Release | null {
    return this.waiting.length === 0 && this.hasRoomFor(bodyBytes) ? this.grant(bodyBytes) : null;
  }

  /**
   * Waits for a turn for a request declaring `bodyBytes`; a `close` of `client` while waiting (the
   * client hung up) leaves the queue without one.
   */
  admit(bodyBytes: number, client?: ClosingClient): Promise<Release | Refusal> {
    const now = this.tryAdmit(bodyBytes);
    if (now !== null) return Promise.resolve(now);
    if (this.waiting.length >= this.limits.maxQueued) return Promise.resolve(this.refusal('queue-full'));
    return new Promise((resolve) => {
      const leave = (): void => {
        clearTimeout(timer);
        client?.off('close', onClosed);
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
      };
      const waiter: Waiter = {
        bodyBytes,
        admit: (release) => {
          leave();
          resolve(release);
        },
        refuse: (refusal) => {
          leave();
          resolve(refusal);
          // The head of the queue may have been what held the others back.
          this.admitWaiting();
        },
      };
      const timer = setTimeout(() => waiter.refuse(this.refusal('timed-out')), this.limits.queueTimeoutMs);
      const onClosed = (): void => waiter.refuse(this.refusal('timed-out'));
      client?.once('close', onClosed);
      this.waiting.push(waiter);
    });
  }

  private hasRoomFor(bodyBytes: number): boolean {
    if (this.running >= this.limits.maxConcurrent) return false;
    return this.running === 0 || this.bodyBytesInFlight + bodyBytes <= this.limits.maxBodyBytesInFlight;
  }

  private admitWaiting(): void {
    for (let next = this.waiting[0]; next !== undefined && this.hasRoomFor(next.bodyBytes); next = this.waiting[0]) {
      next.admit(this.grant(next.bodyBytes));
    }
  }

  private grant(bodyBytes: number): Release {
    this.running += 1;
    this.bodyBytesInFlight += bodyBytes;
    const startedAt = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.averageHoldMs = 0.8 * this.averageHoldMs + 0.2 * (performance.now() - startedAt);
      this.running -= 1;
      this.bodyBytesInFlight -= bodyBytes;
      this.admitWaiting();
    };
  }

  private refusal(refused: Refusal['refused']): Refusal {
    // Long enough for the writes ahead to be done, by how long writes have lately taken and how
    // many run side by side now (the byte budget may allow fewer than maxConcurrent).
    const aheadMs = ((this.waiting.length + this.running) / Math.max(1, this.running)) * this.averageHoldMs;
    return { refused, retryAfterSeconds: Math.min(120, Math.max(1, Math.ceil(aheadMs / 1_000))) };
  }
}
