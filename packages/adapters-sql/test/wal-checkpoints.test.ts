import { silentLogger, type Logger } from '@outbound/domain';
import Database from 'better-sqlite3';
import { aContactListDraft, named, someContactRows } from '@outbound/port-contracts';
import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSqlite, KnexContactRepository } from '../src/index.js';
import { WAL_BACKSTOP_PAGES, WalCheckpoints } from '../src/wal-checkpoints.js';
import { mountSmallDisk, openSqliteDatabase, recordingLogger, type SmallDisk } from '../testing/index.js';

/** A logger that keeps what is logged at warn, for a test to await. */
function warningsLogger(): { readonly logger: Logger; readonly firstWarning: Promise<string> } {
  let warned: (message: string) => void = () => undefined;
  const firstWarning = new Promise<string>((resolve) => {
    warned = resolve;
  });
  const nothing = () => undefined;
  return { logger: { info: nothing, warn: (message) => warned(message), error: nothing }, firstWarning };
}

describe('write-ahead log checkpoints on SQLite', function () {
  let folder: string;

  beforeEach(async function () {
    folder = await mkdtemp(join(tmpdir(), 'outbound_wal_'));
  });

  afterEach(async function () {
    await rm(folder, { recursive: true, force: true });
  });

  it('copies what the log holds into the database file, from a connection of their own', async function () {
    const file = join(folder, 'outbound.sqlite');
    const writer = new Database(file);
    try {
      writer.pragma('journal_mode = WAL');
      // The writer never checkpoints, so whatever reaches the database file was copied by the worker.
      writer.pragma('wal_autocheckpoint = 0');
      writer.exec('create table notes (text text not null)');
      const insert = writer.prepare('insert into notes (text) values (?)');
      writer.transaction(() => {
        for (let index = 0; index < 2_000; index += 1) insert.run(`note ${index} `.padEnd(200, '.'));
      })();
      const before = (await stat(file)).size;

      // The worker checkpoints once as it starts, before it reads the request to stop.
      await WalCheckpoints.start(file, silentLogger).stop();

      expect((await stat(file)).size).to.be.above(before + 2_000 * 200);
      expect(writer.prepare('select count(*) as notes from notes').get()).to.deep.equal({ notes: 2_000 });
    } finally {
      writer.close();
    }
  });

  it('logs a failure of the worker as a warning, and the process goes on', async function () {
    const { logger, firstWarning } = warningsLogger();

    const checkpoints = WalCheckpoints.start(join(folder, 'missing.sqlite'), logger);

    expect(await firstWarning).to.equal(
      'database: write-ahead log checkpoints stopped; commits checkpoint it from now on',
    );
    await checkpoints.stop();
  });

  it('leaves a commit of the request path to the worker, up to the backstop', async function () {
    const database = await openSqliteDatabase('outbound_wal');
    try {
      const [setting] = await database.knex.raw<{ wal_autocheckpoint: number }[]>('pragma wal_autocheckpoint');
      expect(setting).to.deep.equal({ wal_autocheckpoint: WAL_BACKSTOP_PAGES });
      await new KnexContactRepository(database.knex).create(
        aContactListDraft('Brand_contact_wal', someContactRows(50)),
      );
      expect(
        (await new KnexContactRepository(database.knex).findByName(named('Brand_contact_wal')))?.rows,
      ).to.have.length(50);
    } finally {
      await database.drop();
    }
  });

  it('have closed the file by the time destroy() resolves, so it may be removed at once', async function () {
    const file = join(folder, 'outbound.sqlite');
    // A log no one has copied yet, so the worker's first checkpoint shows in the database file's size.
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('create table notes (text text not null)');
    const insert = writer.prepare('insert into notes (text) values (?)');
    writer.transaction(() => {
      for (let index = 0; index < 500; index += 1) insert.run(`note ${index} `.padEnd(200, '.'));
    })();
    const before = (await stat(file)).size;
    const database = connectSqlite(file);
    await database.raw('select 1');
    while ((await stat(file)).size <= before) await new Promise(setImmediate);
    writer.close();

    await database.destroy();

    // The last connection to close a file in WAL mode removes its log and shared memory.
    expect(readdirSync(folder)).to.deep.equal(['outbound.sqlite']);
  });
});

describe('write-ahead log checkpoints on a disk that fills up', function () {
  let disk: SmallDisk | undefined;

  afterEach(async function () {
    await disk?.unmount();
    disk = undefined;
  });

  it('log why a checkpoint failed, and checkpoint again once the disk has room', async function () {
    disk = await mountSmallDisk(this, '4m');
    const file = join(disk.folder, 'outbound.sqlite');
    const writer = new Database(file);
    try {
      writer.pragma('journal_mode = WAL');
      // The writer never checkpoints, so whatever reaches the database file was copied by the worker.
      writer.pragma('wal_autocheckpoint = 0');
      writer.exec('create table notes (text text not null)');
      const insert = writer.prepare('insert into notes (text) values (?)');
      writer.transaction(() => {
        for (let index = 0; index < 2_000; index += 1) insert.run(`note ${index} `.padEnd(200, '.'));
      })();
      const before = (await stat(file)).size;
      // Copying the log into the database file now needs room the disk no longer has.
      disk.fill();
      const { logger, next } = recordingLogger();

      const checkpoints = WalCheckpoints.start(file, logger, { firstMs: 10, longestMs: 100 });
      try {
        const failed = await next('warn', /checkpoint failed/);
        expect(failed.message).to.equal(
          'database: a write-ahead log checkpoint failed; commits checkpoint it until checkpoints resume',
        );
        expect(failed.details?.['error']).to.be.an('error').that.includes({
          name: 'SqliteError',
          code: 'SQLITE_FULL',
          message: 'database or disk is full',
        });
        await disk.free();

        await next('info', 'database: write-ahead log checkpoints resumed');
        expect((await stat(file)).size).to.be.above(before + 2_000 * 200);
      } finally {
        await checkpoints.stop();
      }
    } finally {
      writer.close();
    }
  });
});
