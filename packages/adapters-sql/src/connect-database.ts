import { silentLogger, type Logger } from '@outbound/domain';
import knex, { type Knex } from 'knex';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { driverOf, withDriverConnection } from './knex-client.js';
import { rememberLockWait, retryWhileLocked } from './lock-wait.js';
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

/** The part of a better-sqlite3 connection used here. */
interface SqliteConnection {
  pragma(source: string): unknown;
  exec(source: string): unknown;
}

type QueryCallback = (error: Error | null, rows?: unknown, fields?: unknown) => void;

/** The part of a mysql2 connection used here: knex calls `query(options, values, callback)` or `query(sql, callback)`. */
interface MysqlConnection {
  query(sql: unknown, values?: unknown, callback?: QueryCallback): unknown;
  readonly stream: { destroy(error?: Error): void };
}

/** What both databases are configured with alike. */
function sharedConfig(logger: Logger): Pick<Knex.Config, 'log' | 'compileSqlOnError' | 'acquireConnectionTimeout'> {
  const text = (message: unknown) => (message instanceof Error ? message.message : String(message));
  return {
    // What knex reports itself (a connection that could not be made, say) goes to the operator's log, not to stdout.
    log: {
      warn: (message: unknown) => logger.warn(`database: ${text(message)}`),
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
  poolOf(database)?.on('poolDestroySuccess', () => void checkpoints?.stop());
  return rememberLockWait(database, statementTimeoutMs);
}

/** The part of knex's pool (tarn) used here: it tells when `destroy()` has closed its connections. */
interface DestroyedPool {
  on(event: 'poolDestroySuccess', listener: () => void): unknown;
}

function poolOf(database: Knex): DestroyedPool | undefined {
  return (database.client as { pool?: DestroyedPool }).pool;
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

/** Raised into a statement that went unanswered, after its connection was destroyed. */
export class StatementTimeoutError extends Error {
  override readonly name = 'StatementTimeoutError';
  readonly code = 'STATEMENT_TIMEOUT';

  constructor(timeoutMs: number) {
    super(`the database did not answer a statement within ${timeoutMs} ms; its connection was closed`);
  }
}

/**
 * Gives every statement knex sends on this connection (BEGIN and COMMIT included, which knex's own
 * per-query timeout does not reach) a deadline. mysql2's `timeout` option is not used: it fails the
 * query but leaves the connection waiting for the lost answer, so the pool would hand out a
 * connection every later query hangs on. Destroying the socket instead fails whatever waits on it
 * and marks the connection fatal, which the pool checks before reusing one.
 */
function armStatementTimeouts(connection: MysqlConnection, timeoutMs: number): void {
  const query = connection.query.bind(connection);
  let timedOut: StatementTimeoutError | null = null;
  // Named parameters, not a rest array: a wrapper that kept the arguments in an array held on to
  // each statement's SQL and values longer, and a 100,000-row request peaked 50 MB higher.
  connection.query = function queryWithDeadline(sql: unknown, values?: unknown, callback?: QueryCallback): unknown {
    const done = typeof values === 'function' ? (values as QueryCallback) : callback;
    if (done === undefined) return query(sql, values);
    if (timedOut !== null) {
      // What follows on a dead connection (knex's ROLLBACK) fails with why it died, not with mysql2's
      // "closed state", which would otherwise replace the cause in the operator's log.
      const cause = timedOut;
      queueMicrotask(() => done(cause));
      return undefined;
    }
    const timer = setTimeout(() => {
      timedOut = new StatementTimeoutError(timeoutMs);
      connection.stream.destroy(timedOut);
    }, timeoutMs);
    const answered: QueryCallback = (error, rows, fields) => {
      clearTimeout(timer);
      done(error, rows, fields);
    };
    return typeof values === 'function' ? query(sql, answered) : query(sql, values, answered);
  };
}

/**
 * Resolves when the database could take a write now, rejects otherwise: on MySQL when it answers a
 * trivial query; on SQLite when this process can take the file's write lock (another program
 * holding it makes every write here wait, then fail).
 */
export async function pingDatabase(knex: Knex): Promise<void> {
  if (driverOf(knex) !== 'better-sqlite3') {
    await knex.raw('select 1');
    return;
  }
  await retryWhileLocked(READY_LOCK_WAIT_MS, () =>
    withDriverConnection<SqliteConnection, void>(knex, async (connection) => {
      connection.exec('begin immediate');
      connection.exec('rollback');
    }),
  );
}
