import type { Knex } from 'knex';
import { setTimeout as delay } from 'node:timers/promises';
import { DEFAULT_STATEMENT_TIMEOUT_MS } from './sql-constants.js';
import { isDeadlock, isLockBusy } from './sql-errors.js';

const lockWaitMsOf = new WeakMap<Knex, number>();

/** Records how long the transactions of a knex instance wait for a lock (see connect-database). */
export function rememberLockWait(knex: Knex, lockWaitMs: number): Knex {
  lockWaitMsOf.set(knex, lockWaitMs);
  return knex;
}

/** How long the transactions of a knex instance wait for a lock in all. */
function lockWaitOf(knex: Knex): number {
  return lockWaitMsOf.get(knex) ?? DEFAULT_STATEMENT_TIMEOUT_MS;
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

/** Tries of a transaction InnoDB aborts to break a deadlock, before its error is let through. */
const DEADLOCK_TRIES = 5;

/**
 * Runs a transaction again when the database refused or aborted it before it changed anything:
 * while SQLite finds the file locked by another process (for up to the statement timeout), and when
 * InnoDB aborts it to break a deadlock (up to DEADLOCK_TRIES in all, after a short pause of jitter,
 * so that transactions aborted together do not meet again at once).
 */
export function retryRefused<T>(knex: Knex, transaction: () => Promise<T>): Promise<T> {
  return retryWhileLocked(lockWaitOf(knex), async () => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await transaction();
      } catch (error) {
        if (!isDeadlock(error) || attempt === DEADLOCK_TRIES) throw error;
        await delay(attempt * 5 * Math.random());
      }
    }
  });
}
