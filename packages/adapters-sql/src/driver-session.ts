// The one place the SQL adapters go past knex's public API. Storing a record with its rows and
// reading them back is what every request does, and most requests are small; a running campaign's
// leases and reported outcomes come by the thousand. On such paths knex's building of the query
// and binding of its values cost more than the database's own work, and on SQLite knex prepares
// every statement again on every call. These paths therefore speak to
// the driver itself, on a connection borrowed from knex's pool, each SQLite statement prepared once
// per connection. knex keeps the pool, the connection settings, the migrations and every query off
// these paths. What is reached here is untyped or internal to knex (its client's connections and
// pool, the drivers' own connections, mysql2's `query`): each is described by a small interface of
// the part used, so that a knex or driver upgrade that changes one shows here and nowhere else.
// The SQL is in sql-statements.ts and campaign-run-statements.ts; the measurements behind this are
// in decisions 10 and 14.

import type { Knex } from 'knex';
import { retryRefused } from './lock-wait.js';
import { noteWriteRefused, noteWriteTaken } from './refused-writes.js';
import { isUniqueViolation } from './sql-errors.js';

/** A value bound to a placeholder. */
export type SqlValue = string | number | null;

/** One connection of knex's pool, spoken to through its own driver. */
export interface DriverSession {
  readonly driver: 'better-sqlite3' | 'mysql2';
  /** Runs an INSERT; the id it gave the row. */
  insert(sql: string, values: readonly SqlValue[]): Promise<number>;
  /**
   * Runs an INSERT of a record whose name is unique: the id it gave the record, or null when the
   * name is taken (by any unique key) and nothing was inserted. A taken name is a replay's usual
   * case, and on SQLite it is told without an error, which a replay would otherwise pay to build,
   * stack and all.
   */
  insertNamed(sql: string, values: readonly SqlValue[]): Promise<number | null>;
  /** Runs a SELECT; its rows as arrays of the selected columns, in order. */
  select(sql: string, values: readonly SqlValue[]): Promise<unknown[][]>;
  /** Runs an UPDATE, an INSERT whose id is not needed, or a DELETE; how many rows it matched. */
  write(sql: string, values: readonly SqlValue[]): Promise<number>;
}

/** The part of knex's client used here: knex types an instance's client as `any`. */
interface KnexClient {
  readonly config: { readonly client?: unknown };
  destroy(callback?: (error?: unknown) => void): Promise<void>;
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

function clientOf(knex: Knex): KnexClient {
  return knex.client as KnexClient;
}

interface SqliteStatement {
  readonly reader: boolean;
  run(...values: readonly SqlValue[]): { changes: number; lastInsertRowid: number | bigint };
  all(...values: readonly SqlValue[]): unknown[];
  raw(toggle?: boolean): SqliteStatement;
}

/** The part of a better-sqlite3 connection the adapters use. */
export interface SqliteConnection {
  readonly inTransaction: boolean;
  /** The file it was opened on. */
  readonly name: string;
  prepare(sql: string): SqliteStatement;
  exec(source: string): unknown;
  pragma(source: string): unknown;
}

type MysqlCallback = (error: Error | null, result?: unknown, fields?: unknown) => void;

/**
 * The part of a mysql2 connection (its callback API, as knex holds it) the adapters use. knex calls
 * `query(options, values, callback)` or `query(sql, callback)`, a session `query(options, callback)`.
 */
export interface MysqlConnection {
  query(sql: unknown, values?: unknown, callback?: MysqlCallback): unknown;
  readonly stream: { destroy(error?: Error): void };
}

/** Which database a knex instance (or a transaction of one) speaks to, by the driver it was given. */
export function driverOf(knex: Knex): 'better-sqlite3' | 'mysql2' | 'other' {
  const { client } = clientOf(knex).config;
  return client === 'better-sqlite3' || client === 'mysql2' ? client : 'other';
}

/**
 * Lends a connection of the pool to `use`, as the driver's own object, and gives it back after.
 * `Connection` must be the connection of the driver {@link driverOf} names.
 */
async function withConnection<Connection, T>(knex: Knex, use: (connection: Connection) => Promise<T>): Promise<T> {
  const client = clientOf(knex);
  const connection = (await client.acquireConnection()) as Connection;
  try {
    return await use(connection);
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * Makes knex's `destroy()` resolve only once `finish` has, after the pool's connections are closed:
 * whoever destroys an instance may then remove its files, with nothing of it left writing to them.
 */
export function finishDestroyWith(knex: Knex, finish: () => Promise<void>): void {
  const client = clientOf(knex);
  const destroyPool = client.destroy.bind(client);
  client.destroy = async (callback) => {
    try {
      await destroyPool();
      await finish();
    } catch (error) {
      if (callback === undefined) throw error;
      callback(error);
      return;
    }
    callback?.();
  };
}

/** A Map or a WeakMap. */
interface Kept<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/**
 * `build`, made to build once per key and to give back what it built then on every later call.
 * The statement texts are built this way, here, in sql-statements.ts and in sql-rows.ts: a prepared
 * statement is found by its text, and a text built anew is hashed anew on every look-up, where the
 * same string keeps its hash.
 */
export function builtOnce<K, V>(build: (key: K) => V, kept: Kept<K, V> = new Map<K, V>()): (key: K) => V {
  return (key) => {
    const found = kept.get(key);
    if (found !== undefined) return found;
    const built = build(key);
    kept.set(key, built);
    return built;
  };
}

/**
 * The statements prepared on each SQLite connection, by their SQL: the adapters send a handful of
 * distinct statements, so preparing each once per connection keeps SQLite from compiling it on
 * every request.
 */
const statementsOn = builtOnce(
  (connection: SqliteConnection) =>
    builtOnce((sql: string) => {
      const statement = connection.prepare(sql);
      return statement.reader ? statement.raw(true) : statement;
    }),
  new WeakMap<SqliteConnection, (sql: string) => SqliteStatement>(),
);

function prepared(connection: SqliteConnection, sql: string): SqliteStatement {
  return statementsOn(connection)(sql);
}

/** An INSERT that does nothing when a unique key is taken. */
const unlessTaken = builtOnce((insert: string) => `${insert} on conflict do nothing`);

function sqliteSession(connection: SqliteConnection): DriverSession & { readonly connection: SqliteConnection } {
  return {
    driver: 'better-sqlite3',
    connection,
    insert: async (sql, values) => Number(prepared(connection, sql).run(...values).lastInsertRowid),
    insertNamed: async (sql, values) => {
      // DO NOTHING applies to uniqueness only: a NOT NULL or foreign key failure still throws.
      const { changes, lastInsertRowid } = prepared(connection, unlessTaken(sql)).run(...values);
      return changes === 0 ? null : Number(lastInsertRowid);
    },
    select: async (sql, values) => prepared(connection, sql).all(...values) as unknown[][],
    write: async (sql, values) => prepared(connection, sql).run(...values).changes,
  };
}

function mysqlQuery(connection: MysqlConnection, sql: string, values: readonly SqlValue[], rowsAsArray: boolean) {
  return new Promise<unknown>((resolve, reject) => {
    const answered: MysqlCallback = (error, result) => (error === null ? resolve(result) : reject(error));
    connection.query({ sql, values, rowsAsArray }, answered);
  });
}

function mysqlSession(connection: MysqlConnection): DriverSession {
  const insert = async (sql: string, values: readonly SqlValue[]): Promise<number> =>
    ((await mysqlQuery(connection, sql, values, false)) as { insertId: number }).insertId;
  return {
    driver: 'mysql2',
    insert,
    // MySQL has no DO NOTHING that keeps other failures failing (INSERT IGNORE hides them too).
    insertNamed: (sql, values) =>
      insert(sql, values).catch((error: unknown) => {
        if (isUniqueViolation(error)) return null;
        throw error;
      }),
    select: async (sql, values) => (await mysqlQuery(connection, sql, values, true)) as unknown[][],
    // Rows matched, as SQLite counts them: mysql2 connects with the FOUND_ROWS flag by default.
    write: async (sql, values) =>
      ((await mysqlQuery(connection, sql, values, false)) as { affectedRows: number }).affectedRows,
  };
}

/** Lends a connection of knex's pool to `use` as a session, and gives it back after. */
export function withDriverSession<T>(knex: Knex, use: (session: DriverSession) => Promise<T>): Promise<T> {
  if (driverOf(knex) === 'better-sqlite3') {
    return withConnection<SqliteConnection, T>(knex, (connection) => use(sqliteSession(connection)));
  }
  return withConnection<MysqlConnection, T>(knex, (connection) => use(mysqlSession(connection)));
}

/**
 * Runs `work` in a write transaction on a session: SQLite's BEGIN IMMEDIATE takes the file's write
 * lock before anything is read. Whatever `work` throws rolls the transaction back and is thrown.
 * Refusals that changed nothing run it again (see {@link retryRefused}). On SQLite, whether the
 * storage itself refused it is remembered, for /readyz to tell (see {@link noteWriteRefused}).
 */
export function inWriteTransaction<T>(knex: Knex, work: (session: DriverSession) => Promise<T>): Promise<T> {
  return readThenWrite(knex, async () => undefined, work);
}

/**
 * As {@link inWriteTransaction}, with `read` run first on the same connection, outside the
 * transaction, and what it found handed to `work`: one visit to the pool for a write that must
 * look something up before its transaction begins.
 */
export function readThenWrite<Found, T>(
  knex: Knex,
  read: (session: DriverSession) => Promise<Found>,
  work: (session: DriverSession, found: Found) => Promise<T>,
): Promise<T> {
  if (driverOf(knex) === 'better-sqlite3') {
    return retryRefused(knex, () =>
      withConnection<SqliteConnection, T>(knex, async (connection) => {
        const session = sqliteSession(connection);
        const found = await read(session);
        prepared(connection, 'begin immediate').run();
        try {
          const result = await work(session, found);
          prepared(connection, 'commit').run();
          noteWriteTaken(knex);
          return result;
        } catch (error) {
          noteWriteRefused(knex, error);
          // SQLite rolls some failures back itself (a full disk, say); ROLLBACK would then fail.
          if (connection.inTransaction) prepared(connection, 'rollback').run();
          throw error;
        }
      }),
    );
  }
  return retryRefused(knex, () =>
    withConnection<MysqlConnection, T>(knex, async (connection) => {
      const session = mysqlSession(connection);
      const found = await read(session);
      await mysqlQuery(connection, 'start transaction', [], false);
      try {
        const result = await work(session, found);
        await mysqlQuery(connection, 'commit', [], false);
        return result;
      } catch (error) {
        // A connection that died (a statement timeout) cannot roll back; the server does, as it closes.
        await mysqlQuery(connection, 'rollback', [], false).catch(() => undefined);
        throw error;
      }
    }),
  );
}

/**
 * Takes the SQLite file's write lock and lets it go at once; rejects, as SQLite's BUSY error, while
 * another process holds it.
 */
export function probeSqliteWriteLock(knex: Knex): Promise<void> {
  return withConnection<SqliteConnection, void>(knex, async (connection) => {
    connection.exec('begin immediate');
    connection.exec('rollback');
  });
}

/**
 * Commits a write to the SQLite file, one page written again as it was (the header's user version,
 * which nothing reads), and resolves with the file's name; rejects, as SQLite's error, when the
 * write is refused. A write rolled back never reaches the write-ahead log, so only a commit tells
 * whether the log can take one more page.
 */
export function probeSqliteWrite(knex: Knex): Promise<string> {
  return withConnection<SqliteConnection, string>(knex, async (connection) => {
    connection.exec('begin immediate');
    try {
      const [{ user_version: version }] = connection.pragma('user_version') as [{ user_version: number }];
      connection.pragma(`user_version = ${version}`);
      connection.exec('commit');
    } catch (error) {
      if (connection.inTransaction) connection.exec('rollback');
      throw error;
    }
    return connection.name;
  });
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
 * Gives every statement sent on this connection, by knex or by a session (BEGIN and COMMIT
 * included, which knex's own per-query timeout does not reach), a deadline. mysql2's `timeout`
 * option is not used: it fails the query but leaves the connection waiting for the lost answer, so
 * the pool would hand out a connection every later query hangs on. Destroying the socket instead
 * fails whatever waits on it and marks the connection fatal, which the pool checks before reusing one.
 */
export function armStatementTimeouts(connection: MysqlConnection, timeoutMs: number): void {
  const query = connection.query.bind(connection);
  let timedOut: StatementTimeoutError | null = null;
  // Named parameters, not a rest array, and no closure below refers to the SQL or its values:
  // whatever a closure refers to is kept until the statement is answered, and the SQL and values of
  // a large request's statements are large.
  connection.query = function queryWithDeadline(sql: unknown, values?: unknown, callback?: MysqlCallback): unknown {
    const done = typeof values === 'function' ? (values as MysqlCallback) : callback;
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
    const answered: MysqlCallback = (error, rows, fields) => {
      clearTimeout(timer);
      done(error, rows, fields);
    };
    return typeof values === 'function' ? query(sql, answered) : query(sql, values, answered);
  };
}
