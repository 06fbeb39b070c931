import { silentLogger, type Logger } from '@outbound/domain';
import knex, { type Knex } from 'knex';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  armStatementTimeouts,
  driverOf,
  finishDestroyWith,
  probeSqliteWrite,
  probeSqliteWriteLock,
  type MysqlConnection,
  type SqliteConnection,
} from './driver-session.js';
import { rememberLockWait, retryWhileLocked } from './lock-wait.js';
import { assertRoomFor, noteWriteTaken, refusedLastWrite } from './refused-writes.js';
import { DEFAULT_STATEMENT_TIMEOUT_MS, MYSQL_POOL_SIZE } from './sql-constants.js';
import { WAL_BACKSTOP_PAGES, WAL_FILE_LIMIT_BYTES, WalCheckpoints } from './wal-checkpoints.js';

/** Long enough for a busy pool, short enough that a request fails clearly while the database is away. */
const ACQUIRE_TIMEOUT_MS = 5_000;

/**
 * How long SQLite itself waits for a lock. better-sqlite3 waits synchronously, holding up every
 * other request of the process meanwhile, so SQLite waits only briefly and lock-wait waits the
 * rest between event-loop turns.
 */
const SQLITE_BUSY_TIMEOUT_MS = 25;

/** How long /readyz lets an SQLite probe wait for another process's write, under the adapter's two seconds. */
const READY_LOCK_WAIT_MS = 1_000;

export interface DatabaseOptions {
  /** Receives what knex reports itself; nothing by default. */
  readonly logger?: Logger;
  /**
   * On MySQL, how long one statement may go unanswered before its connection is destroyed and the
   * statement fails; on SQLite, how long a write waits for another process to release the file's
   * write lock before it fails. {@link DEFAULT_STATEMENT_TIMEOUT_MS} when not given.
   */
  readonly statementTimeoutMs?: number;
}

/**
 * What knex warns each time it finds its migration lock taken: migrateInTurn then says once that it
 * waits, and names the way out should the wait end, where knex's advice names a knex command.
 */
const MIGRATION_LOCK_ADVICE = /^(?:Can't take lock to run migrations: |If you are sure migrations are not running )/;

/** What both databases are configured with alike. */
function sharedConfig(logger: Logger): Pick<Knex.Config, 'log' | 'compileSqlOnError' | 'acquireConnectionTimeout'> {
  const text = (message: unknown) => (message instanceof Error ? message.message : String(message));
  return {
    // What knex reports itself (a connection that could not be made, say) goes to the operator's log, not to stdout.
    log: {
      warn: (message: unknown) => {
        if (!MIGRATION_LOCK_ADVICE.test(text(message))) logger.warn(`database: ${text(message)}`);
      },
      error: (message: unknown) => logger.error(`database: ${text(message)}`),
      deprecate: (method: string, alternative: string) =>
        logger.warn(`database: ${method} is deprecated, use ${alternative}`),
      debug: () => undefined,
    },
    // A failed statement's error then quotes its SQL with placeholders, not the phone numbers bound to them.
    compileSqlOnError: false,
    acquireConnectionTimeout: ACQUIRE_TIMEOUT_MS,
  };
}

/**
 * A knex instance on an SQLite file, creating its folder when missing. Several processes may
 * share the file: a write that finds it locked by another waits, without blocking this process's
 * event loop, for up to `statementTimeoutMs`.
 */
export function connectSqlite(file: string, options: DatabaseOptions = {}): Knex {
  const inFile = file !== ':memory:';
  if (inFile) mkdirSync(dirname(file), { recursive: true });
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const logger = options.logger ?? silentLogger;
  let checkpoints: WalCheckpoints | undefined;
  const database = knex({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    ...sharedConfig(logger),
    pool: {
      // One connection: SQLite has one writer, and a second would only wait for the lock.
      min: 1,
      max: 1,
      afterCreate: (
        connection: SqliteConnection,
        done: (error: Error | null, connection: SqliteConnection) => void,
      ) => {
        connection.pragma('journal_mode = WAL');
        connection.pragma('foreign_keys = ON');
        connection.pragma(`busy_timeout = ${Math.min(statementTimeoutMs, SQLITE_BUSY_TIMEOUT_MS)}`);
        if (inFile) {
          connection.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
          connection.pragma(`journal_size_limit = ${WAL_FILE_LIMIT_BYTES}`);
          // The file now exists, in WAL mode; a connection made again later finds them running.
          checkpoints ??= WalCheckpoints.start(file, logger);
        }
        done(null, connection);
      },
    },
  });
  finishDestroyWith(database, async () => checkpoints?.stop());
  return rememberLockWait(database, statementTimeoutMs);
}

/**
 * A knex instance on MySQL or MariaDB, from a `mysql://user:password@host:port/database` URL. A
 * statement left unanswered for `statementTimeoutMs` (a database that stopped answering, a network
 * that drops packets) fails, and its connection is destroyed rather than given to the next query.
 */
export function connectMysql(url: string, options: DatabaseOptions = {}): Knex {
  const parsed = new URL(url);
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const database = knex({
    client: 'mysql2',
    connection: {
      host: parsed.hostname,
      port: parsed.port === '' ? 3306 : Number(parsed.port),
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
      charset: 'utf8mb4',
    },
    ...sharedConfig(options.logger ?? silentLogger),
    pool: {
      min: 0,
      max: MYSQL_POOL_SIZE,
      afterCreate: (connection: MysqlConnection, done: (error: Error | null, connection: MysqlConnection) => void) => {
        armStatementTimeouts(connection, statementTimeoutMs);
        done(null, connection);
      },
    },
  });
  return rememberLockWait(database, statementTimeoutMs);
}

/**
 * Resolves when the database could take a write now, rejects otherwise: on MySQL when it answers a
 * trivial query; on SQLite when this process can take the file's write lock (another program
 * holding it makes every write here wait, then fail) and, after a write the storage refused (a
 * full disk), when a write commits again and the disk has room.
 */
export async function pingDatabase(knex: Knex): Promise<void> {
  if (driverOf(knex) !== 'better-sqlite3') {
    await knex.raw('select 1');
    return;
  }
  await retryWhileLocked(READY_LOCK_WAIT_MS, () => probeSqliteWriteLock(knex));
  // Only after a refusal: otherwise each probe would add to the log what a request's write would.
  if (!refusedLastWrite(knex)) return;
  await assertRoomFor(await retryWhileLocked(READY_LOCK_WAIT_MS, () => probeSqliteWrite(knex)));
  noteWriteTaken(knex);
}
