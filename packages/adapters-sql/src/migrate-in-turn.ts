import type { Logger } from '@outbound/domain';
import type { Knex } from 'knex';
import { setTimeout as delay } from 'node:timers/promises';
import { driverOf } from './driver-session.js';
import { migrateToLatest, pendingMigrations } from './outbound-migrations.js';
import { isLockBusy } from './sql-errors.js';

/**
 * How long a process waits in all for others to finish migrating. Longer than any of the migrations
 * takes on a database of working size; a lock still taken after it was most likely left by a
 * process that died while migrating, which no wait releases.
 */
const MIGRATION_TURN_WAIT_MS = 60_000;

export interface MigrationTurnOptions {
  /** Told once when the process starts waiting. */
  readonly logger: Logger;
  /** {@link MIGRATION_TURN_WAIT_MS} when not given. */
  readonly waitMs?: number;
}

/** Raised on MySQL while another process holds the named lock taken around migrating. */
class MigrationTurnTaken extends Error {
  override readonly name = 'MigrationTurnTaken';

  constructor() {
    super('another process is migrating this database');
  }
}

/**
 * Applies every pending migration, as {@link migrateToLatest} does, when no other process is doing
 * the same: processes started together on one database take turns, each waiting (and saying so
 * once) while another migrates, for up to `waitMs` in all, and the later find nothing left to do.
 * Resolves with the names applied by this process; rejects with the last refusal past `waitMs`, or
 * at once with any other failure.
 */
export async function migrateInTurn(
  knex: Knex,
  { logger, waitMs = MIGRATION_TURN_WAIT_MS }: MigrationTurnOptions,
): Promise<string[]> {
  const deadline = performance.now() + waitMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await oneTurn(knex);
    } catch (error) {
      if (!isAnothersTurn(error)) throw error;
      const left = deadline - performance.now();
      if (left <= 0) {
        throw new Error(
          `the database stayed locked for migrating for ${waitMs} ms; if no process is migrating it, ` +
            'one that stopped while migrating left the lock: set is_locked to 0 in outbound_migrations_lock',
          { cause: error },
        );
      }
      if (attempt === 0) logger.info(`database: another process is migrating; waiting up to ${waitMs} ms for its turn`);
      // Jitter keeps processes that were refused together from coming back together.
      await delay(Math.min(left, Math.min(10 * 2 ** attempt, 500) * (0.5 + Math.random() / 2)));
    }
  }
}

/**
 * knex creates its tables and the row of its lock with separate statements, each after looking
 * whether it exists: two processes doing so at once may both create a table (the second then fails)
 * or both insert a lock row, after which knex finds its lock taken on every later start. So each
 * process first takes a lock that knex's tables do not hold: on SQLite, looking and creating happen
 * in one transaction, which SQLite refuses as busy when another process wrote meanwhile; on MySQL,
 * where creating a table ends any transaction, a named lock is held while migrating.
 */
async function oneTurn(knex: Knex): Promise<string[]> {
  if (driverOf(knex) === 'mysql2') return holdingNamedLock(knex, () => migrateToLatest(knex));
  await knex.transaction((trx) => pendingMigrations(trx));
  return migrateToLatest(knex);
}

/** One lock per database of the server; a name is at most 64 characters, a database's name too. */
const LOCK_NAME = "concat('outbound_migrations.', md5(coalesce(database(), '')))";

/**
 * Runs `work` holding a MySQL named lock, which the server releases by itself should the process
 * die. The lock belongs to the connection that took it, so one connection is kept for it, by a
 * transaction that does nothing else, while `work` runs on the others.
 */
function holdingNamedLock<T>(knex: Knex, work: () => Promise<T>): Promise<T> {
  return knex.transaction(async (trx) => {
    const [rows] = (await trx.raw(`select get_lock(${LOCK_NAME}, 0) as taken`)) as [{ taken: unknown }[]];
    if (rows[0]?.taken !== 1) throw new MigrationTurnTaken();
    try {
      return await work();
    } finally {
      await trx.raw(`select release_lock(${LOCK_NAME})`);
    }
  });
}

/**
 * What another process migrating looks like: knex's own lock taken (or its update of the lock
 * refused as busy, which knex reports the same way), SQLite's file locked for writing, or the named
 * lock taken on MySQL.
 */
function isAnothersTurn(error: unknown): boolean {
  return (
    error instanceof MigrationTurnTaken ||
    (error instanceof Error && error.name === 'MigrationLocked') ||
    isLockBusy(error)
  );
}
