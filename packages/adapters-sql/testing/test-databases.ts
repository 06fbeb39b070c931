import type { Knex } from 'knex';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectMysql, connectSqlite, migrateToLatest } from '../src/index.js';
import { migrateUpTo } from '../src/outbound-migrations.js';
import { isDeadlock, isForeignKeyViolation } from '../src/sql-errors.js';

export interface TestDatabase {
  readonly knex: Knex;
  /** A URL the server accepts as DATABASE_URL for this same database. */
  readonly url: string;
  drop(): Promise<void>;
}

/** How far a test database is migrated: to the latest by default. */
export interface TestDatabaseOptions {
  /** The last migration applied: the database as it was before the migrations after it. */
  readonly migratedTo?: string;
}

interface Engine {
  readonly label: string;
  /** Null when this engine is not available here (MySQL without MYSQL_URL outside CI). */
  readonly open: ((options: TestDatabaseOptions) => Promise<TestDatabase>) | null;
}

async function migrate(knex: Knex, { migratedTo }: TestDatabaseOptions): Promise<void> {
  await (migratedTo === undefined ? migrateToLatest(knex) : migrateUpTo(knex, migratedTo));
}

/**
 * The MySQL server tests may use. In CI it must be given and reachable: a missing one fails the
 * run loudly instead of skipping.
 */
export function mysqlUrlForTests(): string | null {
  const url = process.env['MYSQL_URL'];
  if (url !== undefined && url !== '') return url;
  if (process.env['CI'] === 'true')
    throw new Error('MYSQL_URL must be set when CI=true: the MySQL suites are required');
  return null;
}

/** A migrated SQLite file in a folder of its own, removed with it afterwards. */
export async function openSqliteDatabase(
  prefix = 'outbound_test',
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const folder = await mkdtemp(join(tmpdir(), `${prefix}_`));
  const file = join(folder, 'outbound.sqlite');
  const database = connectSqlite(file);
  await migrate(database, options);
  return {
    knex: database,
    url: `sqlite://${file}`,
    drop: async () => {
      await database.destroy();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** A migrated database of its own on the MySQL server, named after `prefix`, dropped afterwards. */
export async function openMysqlDatabase(
  serverUrl: string,
  prefix = 'outbound_test',
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = connectMysql(serverUrl);
  await admin.raw('create database ?? character set utf8mb4 collate utf8mb4_bin', [name]);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = connectMysql(url.toString());
  await migrate(database, options);
  return {
    knex: database,
    url: url.toString(),
    drop: async () => {
      await database.destroy();
      await admin.raw('drop database if exists ??', [name]);
      await admin.destroy();
    },
  };
}

const sqlite: Engine = { label: 'SQLite', open: (options) => openSqliteDatabase(undefined, options) };

function mysql(): Engine {
  const url = mysqlUrlForTests();
  return { label: 'MySQL', open: url === null ? null : (options) => openMysqlDatabase(url, undefined, options) };
}

/**
 * Empties every table, children first, so each test starts from nothing. A write still finishing
 * (a bench's request left in flight when its load stopped) may commit a campaign between two
 * deletes, failing the next on its foreign key, or meet a delete in a deadlock: the tables are then
 * emptied again, until nothing gets in the way.
 */
export async function emptyTables(database: Knex): Promise<void> {
  for (;;) {
    try {
      for (const table of [
        'call_attempts',
        'campaign_calls',
        'campaign_rows',
        'campaigns',
        'contacts',
        'contact_lists',
      ])
        await database(table).delete();
      return;
    } catch (error) {
      if (!isForeignKeyViolation(error) && !isDeadlock(error)) throw error;
    }
  }
}

/**
 * Declares a suite on one engine with a fresh migrated database for its whole run, dropped after;
 * when the engine is not available here, a pending test says what it needs instead.
 */
function describeOn(
  { label, open }: Engine,
  title: string,
  suite: (database: () => TestDatabase, label: string) => void,
  options: TestDatabaseOptions = {},
): void {
  describe(title, function () {
    if (open === null) {
      it('runs when MYSQL_URL is set (mysql://user:password@host:port/database)');
      return;
    }
    let database: TestDatabase | undefined;
    before(async function () {
      database = await open(options);
    });
    after(async function () {
      await database?.drop();
    });
    suite(() => {
      if (database === undefined) throw new Error(`the ${label} database is not open yet`);
      return database;
    }, label);
  });
}

/**
 * Declares a suite once per database available here (SQLite always, MySQL when given), each
 * migrated as `options` say.
 */
export function describeOnEachDatabase(
  title: (label: string) => string,
  suite: (database: () => TestDatabase, label: string) => void,
  options: TestDatabaseOptions = {},
): void {
  for (const engine of [sqlite, mysql()]) describeOn(engine, title(engine.label), suite, options);
}

/** Declares a suite on MySQL alone: pending without MYSQL_URL, required when CI=true. */
export function describeOnMysql(title: string, suite: (database: () => TestDatabase) => void): void {
  describeOn(mysql(), title, suite);
}
