import type { Knex } from 'knex';
import { getOrBuild } from './get-or-build.js';
import { driverOf, withDriverConnection } from './knex-client.js';
import { lockWaitOf, retryWhileLocked } from './lock-wait.js';
import { isDeadlock, isUniqueViolation } from './sql-errors.js';

/** A value bound to a placeholder. */
export type SqlValue = string | number | null;

/**
 * One connection of knex's pool, spoken to through its own driver. The paths every request takes
 * (storing a record with its rows, reading them back) run here: through knex, building the query
 * and binding its values cost more than the database's own work on a small request, and SQLite
 * prepared every statement again. knex still owns the pool, the connection settings and the
 * migrations; the SQL is in sql-statements.ts.
 */
export interface DriverSession {
  readonly driver: 'better-sqlite3' | 'mysql2';
  /** Runs an INSERT; the id it gave the row. */
  insert(sql: string, values: readonly SqlValue[]): Promise<number>;
  /**
   * Runs an INSERT of a record whose name is unique: the id it gave the record, or null when the
   * name is taken (by any unique key) and nothing was inserted. A taken name is a replay's usual
   * case, and on SQLite it is told without an error (building one, with its stack, cost a replay
   * more than its statements).
   */
  insertNamed(sql: string, values: readonly SqlValue[]): Promise<number | null>;
  /** Runs a SELECT; its rows as arrays of the selected columns, in order. */
  select(sql: string, values: readonly SqlValue[]): Promise<unknown[][]>;
}

interface SqliteStatement {
  readonly reader: boolean;
  run(...values: readonly SqlValue[]): { changes: number; lastInsertRowid: number | bigint };
  all(...values: readonly SqlValue[]): unknown[];
  raw(toggle?: boolean): SqliteStatement;
}

/** The part of a better-sqlite3 connection used here. */
interface SqliteConnection {
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
}

type MysqlCallback = (error: Error | null, result?: unknown) => void;

/** The part of a mysql2 connection (callback API, as knex holds it) used here. */
interface MysqlConnection {
  query(
    options: { sql: string; values?: readonly SqlValue[]; rowsAsArray?: boolean },
    callback: MysqlCallback,
  ): unknown;
}

/**
 * Statements prepared on each SQLite connection, by their SQL: the adapters send a handful of
 * distinct statements, so preparing each once per connection keeps SQLite from compiling it on
 * every request.
 */
const preparedOn = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();

function prepared(connection: SqliteConnection, sql: string): SqliteStatement {
  const statements = getOrBuild(preparedOn, connection, () => new Map<string, SqliteStatement>());
  return getOrBuild(statements, sql, () => {
    const statement = connection.prepare(sql);
    return statement.reader ? statement.raw(true) : statement;
  });
}

const unlessTakenText = new Map<string, string>();

/** An INSERT that does nothing when a unique key is taken; its text built once (see {@link prepared}). */
function unlessTaken(insert: string): string {
  return getOrBuild(unlessTakenText, insert, () => `${insert} on conflict do nothing`);
}

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
  };
}

function mysqlQuery(connection: MysqlConnection, sql: string, values: readonly SqlValue[], rowsAsArray: boolean) {
  return new Promise<unknown>((resolve, reject) => {
    connection.query({ sql, values, rowsAsArray }, (error, result) =>
      error === null ? resolve(result) : reject(error),
    );
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
  };
}

/** Lends a connection of knex's pool to `use` as a session, and gives it back after. */
export function withDriverSession<T>(knex: Knex, use: (session: DriverSession) => Promise<T>): Promise<T> {
  if (driverOf(knex) === 'better-sqlite3') {
    return withDriverConnection<SqliteConnection, T>(knex, (connection) => use(sqliteSession(connection)));
  }
  return withDriverConnection<MysqlConnection, T>(knex, (connection) => use(mysqlSession(connection)));
}

/**
 * Runs `work` in a write transaction on a session: SQLite's BEGIN IMMEDIATE takes the file's write
 * lock before anything is read. Whatever `work` throws rolls the transaction back and is thrown.
 * Refusals that changed nothing run it again (see {@link retryRefused}).
 */
export function inWriteTransaction<T>(knex: Knex, work: (session: DriverSession) => Promise<T>): Promise<T> {
  if (driverOf(knex) === 'better-sqlite3') {
    return retryRefused(knex, () =>
      withDriverConnection<SqliteConnection, T>(knex, async (connection) => {
        prepared(connection, 'begin immediate').run();
        try {
          const result = await work(sqliteSession(connection));
          prepared(connection, 'commit').run();
          return result;
        } catch (error) {
          // SQLite rolls some failures back itself (a full disk, say); ROLLBACK would then fail.
          if (connection.inTransaction) prepared(connection, 'rollback').run();
          throw error;
        }
      }),
    );
  }
  return retryRefused(knex, () =>
    withDriverConnection<MysqlConnection, T>(knex, async (connection) => {
      await mysqlQuery(connection, 'start transaction', [], false);
      try {
        const result = await work(mysqlSession(connection));
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
 * Runs a transaction again when the database refused or aborted it before it changed anything:
 * while SQLite finds the file locked by another process (for up to the statement timeout), and when
 * InnoDB aborts it to break a deadlock (at most three times).
 */
export function retryRefused<T>(knex: Knex, transaction: () => Promise<T>): Promise<T> {
  return retryWhileLocked(lockWaitOf(knex), async () => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await transaction();
      } catch (error) {
        if (!isDeadlock(error) || attempt === 3) throw error;
      }
    }
  });
}
