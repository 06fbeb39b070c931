import knex, { type Knex } from 'knex';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Long enough for a busy pool, short enough that a request fails clearly while the database is away. */
const ACQUIRE_TIMEOUT_MS = 5_000;

interface SqliteConnection {
  pragma(source: string): unknown;
}

/** A knex instance on an SQLite file, creating its folder when missing. */
export function connectSqlite(file: string): Knex {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return knex({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    acquireConnectionTimeout: ACQUIRE_TIMEOUT_MS,
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
export function connectMysql(url: string): Knex {
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
    acquireConnectionTimeout: ACQUIRE_TIMEOUT_MS,
    pool: { min: 0, max: 10 },
  });
}

/** Resolves when the database answers a trivial query, rejects otherwise. */
export async function pingDatabase(knex: Knex): Promise<void> {
  await knex.raw('select 1');
}
