import {
  describeOnEachDatabase,
  mountSmallDisk,
  recordingLogger,
  type SmallDisk,
} from '@outbound/adapters-sql/testing';
import { silentLogger } from '@outbound/domain';
import { expect } from 'chai';
import { join } from 'node:path';
import { readServerConfig, startServer } from '../src/index.js';
import { contactFailure, get, post, userData } from './outbound-requests.js';

const WAITING = /^database: another process is migrating; waiting up to \d+ ms for its turn$/;

describeOnEachDatabase(
  (label) => `starting while another process migrates ${label}`,
  (database) => {
    it('waits for the migration lock, saying so, and serves once it is released', async function () {
      const lock = () => database().knex('outbound_migrations_lock');
      await lock().update({ is_locked: 1 });
      const { logger, lines, next } = recordingLogger();
      const config = readServerConfig({ DATABASE_URL: database().url, PORT: '0', HOST: '127.0.0.1' });

      const starting = startServer(config, logger);
      try {
        // A start-up that gives up instead fails the test with its own error.
        const first = await Promise.race([next('info', WAITING).then(() => 'waiting'), starting.then(() => 'started')]);
        expect(first).to.equal('waiting');
      } finally {
        await lock().update({ is_locked: 0 });
      }
      const server = await starting;
      try {
        expect((await get(server.url, '/readyz')).status).to.equal(200);
        // knex's advice names a command of its own, which outbound users do not have.
        expect(lines.filter(({ message }) => message.includes('migrate:unlock'))).to.deep.equal([]);
      } finally {
        await server.stop();
      }
    });
  },
);

describe('/readyz on an SQLite file whose disk fills up', function () {
  let disk: SmallDisk | undefined;

  afterEach(async function () {
    await disk?.unmount();
    disk = undefined;
  });

  it('answers 503 while the disk refuses writes, and 200 once it takes them again', async function () {
    disk = await mountSmallDisk(this, '16m');
    const config = readServerConfig({
      DATABASE_URL: `sqlite://${join(disk.folder, 'outbound.sqlite')}`,
      PORT: '0',
      HOST: '127.0.0.1',
    });
    const server = await startServer(config, silentLogger);
    try {
      expect((await post(server.url, { identifierName: 'before', userData: userData(10) })).status).to.equal(200);
      disk.fill();
      // More rows than the write-ahead log already has room for: the log must grow, and cannot.
      const large = { identifierName: 'large', userData: userData(5_000) };
      expect(await post(server.url, large)).to.deep.equal(contactFailure);

      expect(await get(server.url, '/readyz')).to.deep.equal({
        status: 503,
        body: { status: 'failed', data: { message: 'not ready' }, message: 'the storage does not answer!' },
      });
      await disk.free();

      expect((await get(server.url, '/readyz')).status).to.equal(200);
      expect((await post(server.url, large)).status).to.equal(200);
    } finally {
      await server.stop();
    }
  });
});
