import { describeOnEachDatabase, recordingLogger } from '@outbound/adapters-sql/testing';
import { expect } from 'chai';
import { readServerConfig, startServer } from '../src/index.js';
import { get } from './outbound-requests.js';

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
