import { silentLogger, type Logger } from '@outbound/domain';
import knex, { type Knex } from 'knex';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Long enough for a busy pool, short enough that a request fails clearly while the database is away. */
const ACQUIRE_TIMEOUT_MS = 5_000;

interface SqliteConnection {
  pragma(source: string): unknown;
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

/** A knex instance on an SQLite file, creating its folder when missing. */
export function connectSqlite(file: string, logger: Logger = silentLogger): Knex {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return knex({
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
        // Several processes may share the file; a writer waits for another rather than failing.
        connection.pragma('busy_timeout = 5000');
        done(null, connection);
      },
    },
  });
}

/** A knex instance on MySQL or MariaDB, from a `mysql://user:password@host:port/database` URL. */
export function connectMysql(url: string, logger: Logger = silentLogger): Knex {
  const parsed = new URL(url);
  return knex({
    client: 'mysql2',
    connection: {
      host: parsed.hostname,
      port: parsed.port === '' ? 3306 : Number(parsed.port),
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
      charset: 'utf8mb4',
    },
    ...sharedConfig(logger),
    pool: { min: 0, max: 10 },
  });
}

/** Resolves when the database answers a trivial query, rejects otherwise. */
export async function pingDatabase(knex: Knex): Promise<void> {
  await knex.raw('select 1');
}
