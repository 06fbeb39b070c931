import type { Knex } from 'knex';
import { setTimeout as delay } from 'node:timers/promises';
import { isLockBusy } from './sql-errors.js';

/** How long statements and lock waits may take on one database; set when it is connected. */
export interface LockWaitSettings {
  /** On MySQL, a statement's deadline; on SQLite, how long a write waits in all for the file's lock. */
  readonly statementTimeoutMs: number;
  /** How long SQLite itself waits for the lock, synchronously, before lock-wait waits again between turns. */
  readonly busyTimeoutMs: number;
}

const FALLBACK: LockWaitSettings = { statementTimeoutMs: 15_000, busyTimeoutMs: 25 };

const settingsOf = new WeakMap<Knex, LockWaitSettings>();

/** Records what a knex instance was connected with (see connect-database), for its transactions to read. */
export function rememberLockWait(knex: Knex, settings: LockWaitSettings): Knex {
  settingsOf.set(knex, settings);
  return knex;
}

/** The settings a knex instance was connected with, or the defaults for one connected elsewhere. */
export function lockWaitOf(knex: Knex): LockWaitSettings {
  return settingsOf.get(knex) ?? FALLBACK;
}

/**
 * Runs `work` again, after a short and growing pause, while SQLite answers that another process
 * holds the file's lock, for up to `waitMs` in all; then lets the last refusal through. `work`
 * must have changed nothing when it is refused (a refused transaction is rolled back whole).
 */
export async function retryWhileLocked<T>(waitMs: number, work: () => Promise<T>): Promise<T> {
  const deadline = performance.now() + waitMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const left = deadline - performance.now();
      if (!isLockBusy(error) || left <= 0) throw error;
      // Jitter keeps processes that were refused together from coming back together.
      await delay(Math.min(left, Math.min(2 ** attempt, 50) * (0.5 + Math.random() / 2)));
    }
  }
}
