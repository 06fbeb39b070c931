import { describeOnEachDatabase, describeOnMysql } from '@outbound/adapters-sql/testing';
import { expect } from 'chai';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { aWorkingFolder, runOutbound, startOutbound, type OutboundProcess } from '../testing/index.js';
import { contactFailure, get, post } from './outbound-requests.js';
import { startTcpProxy } from './tcp-proxy.js';

function userData(count: number, seed = 1) {
  return Array.from({ length: count }, (_, index) => ({
    phone_number: `+1 ${String(2_000_000_000 + seed * 10_000_000 + index)}`,
    name: `Person ${index}`,
    email: `person${index}@example.com`,
    plan: { tier: index % 3, tags: ['a', 'ü'] },
  }));
}

async function withOutbound<T>(
  env: Record<string, string>,
  use: (outbound: OutboundProcess) => Promise<T>,
): Promise<T> {
  const outbound = await startOutbound(env);
  try {
    return await use(outbound);
  } finally {
    await outbound.stop();
  }
}

describe('the outbound command on SQLite', function () {
  let cwd: string;

  beforeEach(function () {
    cwd = aWorkingFolder();
  });
  afterEach(function () {
    rmSync(cwd, { recursive: true, force: true });
  });

  it('creates ./data/outbound.sqlite by default and keeps what it stored across a restart', async function () {
    const request = { identifierName: 'kept', userData: userData(3) };
    const first = await startOutbound({}, { cwd });
    expect(await post(first.url, request)).to.have.nested.property('body.data.replayed', false);
    await first.stop();

    expect(existsSync(join(cwd, 'data', 'outbound.sqlite'))).to.equal(true);
    const second = await startOutbound({}, { cwd });
    try {
      const again = await post(second.url, request);

      expect(again.status).to.equal(200);
      expect(again.body.data.replayed).to.equal(true);
    } finally {
      await second.stop();
    }
  });

  it('applies the migrations with outbound migrate, then says the file is up to date', async function () {
    const env = { DATABASE_URL: 'sqlite:lists.sqlite' };

    const first = await runOutbound(env, { args: ['migrate'], cwd });
    const second = await runOutbound(env, { args: ['migrate'], cwd });

    expect(first.code).to.equal(0);
    expect(first.stdout).to.include('applied migrations: 0001-contact-lists-and-campaigns');
    expect(second.stdout).to.include(`SQLite file ${join(cwd, 'lists.sqlite')} is up to date`);
  });

  it('with MIGRATE=false, warns of pending migrations and answers without crashing', async function () {
    const outbound = await startOutbound({ MIGRATE: 'false' }, { cwd });
    try {
      expect(await post(outbound.url, { identifierName: 'early', userData: userData(1) })).to.deep.equal(
        contactFailure,
      );
      expect((await get(outbound.url, '/healthz')).status).to.equal(200);
    } finally {
      const { stdout } = await outbound.stop();
      expect(stdout).to.include('MIGRATE=false and migrations are pending: 0001-contact-lists-and-campaigns');
    }
  });

  it('answers /healthz and /readyz', async function () {
    await withOutbound({ DATABASE_URL: `sqlite://${join(cwd, 'probe.sqlite')}` }, async ({ url }) => {
      expect(await get(url, '/healthz')).to.deep.equal({
        status: 200,
        body: { status: 'success', data: { message: 'alive' }, message: 'The process is running.' },
      });
      expect(await get(url, '/readyz')).to.deep.equal({
        status: 200,
        body: { status: 'success', data: { message: 'ready' }, message: 'The storage answers.' },
      });
    });
  });
});

describeOnEachDatabase(
  (label) => `100,000 rows in one request on ${label}`,
  (database) => {
    it('stores every row of the list and of the campaign, under the default limits', async function () {
      this.timeout(120_000);
      await withOutbound({ DATABASE_URL: database().url }, async ({ url }) => {
        const answer = await post(url, { identifierName: 'one_hundred_thousand', userData: userData(100_000) });

        expect(answer.status).to.equal(200);
        expect(answer.body.data.rowsStored).to.equal(100_000);
      });
      const counts = await Promise.all(
        ['contacts', 'campaign_rows'].map((table) => database().knex(table).count({ count: '*' })),
      );
      expect(counts.map(([row]) => Number(row?.count))).to.deep.equal([100_000, 100_000]);
    });
  },
);

describeOnMysql('the outbound command on MySQL', (database) => {
  const count = async (table: string) => Number((await database().knex(table).count({ count: '*' }))[0]?.count);

  it('answers the spec’s 500 while the database is away, keeps nothing half-written, and recovers without a restart', async function () {
    const target = new URL(database().url);
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 3306));
    const throughProxy = new URL(database().url);
    throughProxy.host = `127.0.0.1:${proxy.port}`;
    const outbound = await startOutbound({ DATABASE_URL: throughProxy.toString() });
    const { url } = outbound;
    try {
      const request = { identifierName: 'interrupted', userData: userData(20_000) };
      const listsBefore = await count('contact_lists');

      const cut = proxy.cutAfter(200_000);
      const during = await post(url, request);
      await cut;

      expect(during).to.deep.equal(contactFailure);
      expect((await get(url, '/readyz')).status).to.equal(503);
      expect(await post(url, { identifierName: 'while_down', userData: userData(1) })).to.deep.equal(contactFailure);
      expect(await count('contact_lists')).to.equal(listsBefore);
      expect(await count('contacts')).to.equal(0);

      proxy.restore();

      expect((await get(url, '/readyz')).status).to.equal(200);
      const after = await post(url, request);
      expect(after.status).to.equal(200);
      expect(after.body.data.rowsStored).to.equal(20_000);
    } finally {
      const { stdout } = await outbound.stop();
      await proxy.close();
      expect(stdout).to.include('contact creation failed');
      // Written inside a request, a line names the request it was written for.
      const failures = stdout
        .split('\n')
        .filter((line) => line.includes('contact creation failed'))
        .map((line) => JSON.parse(line) as { requestId?: unknown });
      expect(failures.map(({ requestId }) => typeof requestId)).to.include('string');
      // The log names the failure, not the people in the request.
      expect(stdout).not.to.match(/1201\d{7}/);
    }
  });

  it('ends simultaneous requests to several processes with one list and one campaign', async function () {
    const processes = await Promise.all([1, 2, 3].map(() => startOutbound({ DATABASE_URL: database().url })));
    try {
      const requests = Array.from({ length: 12 }, (_, index) => ({
        identifierName: 'contested',
        userData: userData(500, index % 2),
      }));

      const answers = await Promise.all(
        requests.map((request, index) => post((processes[index % 3] as OutboundProcess).url, request)),
      );

      expect(answers.map((answer) => answer.status).filter((status) => status !== 200 && status !== 409)).to.deep.equal(
        [],
      );
      expect(answers.some((answer) => answer.status === 200)).to.equal(true);
      const lists = await database()
        .knex<{ id: number; name: string }>('contact_lists')
        .select('id', 'name')
        .where('name', 'VoiceGenie_contact_contested');
      const campaigns = await database()
        .knex('campaigns')
        .select('contact_list_id')
        .where('name', 'VoiceGenie_campaign_contested');
      expect(lists).to.have.length(1);
      expect(campaigns).to.deep.equal([{ contact_list_id: lists[0]?.id }]);
    } finally {
      await Promise.all(processes.map((process) => process.stop()));
    }
  });

  it('never shows the database password, in logs or when it cannot connect', async function () {
    const user = `outbound_t_${process.pid}`;
    const password = 'pw-not-for-logs-7731';
    const admin = database().knex;
    await admin.raw('create user if not exists ??@? identified by ?', [user, '%', password]);
    await admin.raw('grant all on ??.* to ??@?', [new URL(database().url).pathname.slice(1), user, '%']);
    try {
      const withPassword = new URL(database().url);
      withPassword.username = user;
      withPassword.password = password;
      const served = await startOutbound({ DATABASE_URL: withPassword.toString() });
      const { stdout, stderr } = await served.stop();
      expect(stdout).to.include(`storage: MySQL mysql://${user}:****@`);

      withPassword.password = `${password}-wrong`;
      const refused = await runOutbound({ DATABASE_URL: withPassword.toString() });
      expect(refused.code).to.equal(1);
      expect(refused.stderr).to.match(/^outbound: cannot start: .*Access denied/m);

      for (const output of [stdout, stderr, refused.stdout, refused.stderr]) expect(output).not.to.include(password);
    } finally {
      await admin.raw('drop user if exists ??@?', [user, '%']);
    }
  });
});
