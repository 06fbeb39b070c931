import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectMysql, connectSqlite, migrateInTurn, pendingMigrations, type DatabaseOptions } from '../src/index.js';
import { mysqlUrlForTests, recordingLogger } from '../testing/index.js';

/** A database no process has migrated yet, to connect to as many times as a test needs. */
interface NewDatabase {
  readonly connect: (options?: DatabaseOptions) => Knex;
  readonly sqliteFile?: string;
  readonly drop: () => Promise<void>;
}

async function newSqliteDatabase(): Promise<NewDatabase> {
  const folder = await mkdtemp(join(tmpdir(), 'outbound_migrate_'));
  const file = join(folder, 'outbound.sqlite');
  return {
    connect: (options) => connectSqlite(file, options),
    sqliteFile: file,
    drop: () => rm(folder, { recursive: true, force: true }),
  };
}

function newMysqlDatabase(serverUrl: string): () => Promise<NewDatabase> {
  return async () => {
    const name = `outbound_migrate_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = connectMysql(serverUrl);
    await admin.raw('create database ?? character set utf8mb4 collate utf8mb4_bin', [name]);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      connect: (options) => connectMysql(url.toString(), options),
      drop: async () => {
        await admin.raw('drop database if exists ??', [name]);
        await admin.destroy();
      },
    };
  };
}

const WAITING = /^database: another process is migrating; waiting up to \d+ ms for its turn$/;

function migratedNames(knex: Knex): Promise<string[]> {
  return knex('outbound_migrations').orderBy('name').pluck('name');
}

const mysqlUrl = mysqlUrlForTests();
const engines: readonly { label: string; open: (() => Promise<NewDatabase>) | null }[] = [
  { label: 'SQLite', open: newSqliteDatabase },
  { label: 'MySQL', open: mysqlUrl === null ? null : newMysqlDatabase(mysqlUrl) },
];

for (const { label, open } of engines) {
  describe(`migrating a ${label} database from several processes`, function () {
    if (open === null) {
      it('runs when MYSQL_URL is set (mysql://user:password@host:port/database)');
      return;
    }
    let database: NewDatabase;
    const connections: Knex[] = [];
    const connect = (options?: DatabaseOptions) => {
      const knex = database.connect(options);
      connections.push(knex);
      return knex;
    };

    beforeEach(async function () {
      database = await open();
    });
    afterEach(async function () {
      await Promise.all(connections.splice(0).map((knex) => knex.destroy()));
      await database.drop();
    });

    it('applies each migration once when two processes start migrating a new database at once', async function () {
      const [first, second] = [connect(), connect()];
      const { logger } = recordingLogger();

      const applied = await Promise.all([migrateInTurn(first, { logger }), migrateInTurn(second, { logger })]);

      const all = await migratedNames(first);
      expect(all).to.have.length.above(0);
      expect(applied.flat().sort()).to.deep.equal(all);
      expect(await pendingMigrations(second)).to.deep.equal([]);
      expect(await first('outbound_migrations_lock').select('is_locked')).to.deep.equal([{ is_locked: 0 }]);
    });

    it('waits, saying so, while another process holds the migration lock, then migrates', async function () {
      const holder = connect();
      // knex's tables, with nothing applied yet.
      const everything = await pendingMigrations(holder);
      await holder('outbound_migrations_lock').update({ is_locked: 1 });
      const { logger, lines, next } = recordingLogger();

      const migrating = migrateInTurn(connect({ logger }), { logger });
      await next('info', WAITING);
      await holder('outbound_migrations_lock').update({ is_locked: 0 });

      expect(await migrating).to.deep.equal(everything);
      expect(await migratedNames(holder)).to.deep.equal([...everything].sort());
      // The waiting line alone, said once: knex's advice on each attempt names a command of knex's own.
      expect(lines).to.have.length(1);
    });

    it('gives up past its wait, saying how to release a lock a stopped process left', async function () {
      const holder = connect();
      await migrateInTurn(holder, { logger: recordingLogger().logger });
      await holder('outbound_migrations_lock').update({ is_locked: 1 });

      const refusal = await migrateInTurn(connect(), { logger: recordingLogger().logger, waitMs: 50 }).then(
        () => undefined,
        (error: unknown) => error,
      );

      expect(refusal)
        .to.be.an('error')
        .with.property('message')
        .that.matches(/stayed locked for migrating for 50 ms.*set is_locked to 0 in outbound_migrations_lock/);
    });

    if (label === 'SQLite') {
      it('waits while another program holds the file for writing, then migrates', async function () {
        const file = database.sqliteFile as string;
        const writer = new Database(file);
        try {
          writer.pragma('journal_mode = WAL');
          writer.exec('begin immediate');
          const { logger, next } = recordingLogger();

          const migrating = migrateInTurn(connect(), { logger });
          await next('info', WAITING);
          writer.exec('commit');

          expect(await migrating).to.have.length.above(0);
          expect(await pendingMigrations(connections[0] as Knex)).to.deep.equal([]);
        } finally {
          writer.close();
        }
      });
    }
  });
}
