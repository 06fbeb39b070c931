import { KnexContactRepository } from '@outbound/adapters-sql';
import {
  describeOnEachDatabase,
  describeOnMysql,
  emptyTables,
  openSqliteDatabase,
  type TestDatabase,
} from '@outbound/adapters-sql/testing';
import { aContactListDraft, aFixedClock, someContactRows } from '@outbound/port-contracts';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { runOutbound, startOutbound, type OutboundProcess } from '../testing/index.js';
import { campaignFailure, contactFailure, get, post, until, userData } from './outbound-requests.js';
import { startTcpProxy } from './tcp-proxy.js';

/** Runs every task, at most `concurrency` at once, and resolves with their results in order. */
async function inParallel<T>(tasks: readonly (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next;
      next += 1;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/** Names of the lists no campaign is built on: what must never outlive a request. */
async function listsWithoutCampaign(knex: Knex): Promise<string[]> {
  const rows = await knex('contact_lists')
    .select('name')
    .whereNotExists(knex('campaigns').select('id').whereRaw('campaigns.contact_list_id = contact_lists.id'));
  return rows.map((row: { name: string }) => row.name);
}

async function countOf(knex: Knex, table: string): Promise<number> {
  return Number((await knex(table).count({ count: '*' }))[0]?.count);
}

describe('nothing half-done on one SQLite file shared by several processes', function () {
  let database: TestDatabase;

  beforeEach(async function () {
    database = await openSqliteDatabase('outbound_shared');
  });
  afterEach(async function () {
    await database.drop();
  });

  it('answers 900 mixed requests to three processes at 48 at once with no 500, and leaves no list without its campaign', async function () {
    this.timeout(120_000);
    const processes = await Promise.all([1, 2, 3].map(() => startOutbound({ DATABASE_URL: database.url })));
    try {
      // 300 names, each sent three times: twice with the same rows (a replay), once with others (a conflict).
      const requests = Array.from({ length: 900 }, (_, index) => {
        const name = index % 300;
        const seed = index < 600 ? name : name + 1_000;
        return { identifierName: `shared_${name}`, userData: userData(5 + (name % 7), seed) };
      });

      const answers = await inParallel(
        requests.map((request, index) => () => post((processes[index % 3] as OutboundProcess).url, request)),
        48,
      );

      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status !== 200 && status !== 409)).to.deep.equal([]);
      expect(statuses.filter((status) => status === 200)).to.have.length.of.at.least(600);
      expect(await listsWithoutCampaign(database.knex)).to.deep.equal([]);
      expect(await countOf(database.knex, 'campaigns')).to.equal(300);
    } finally {
      await Promise.all(processes.map((process) => process.stop()));
    }
  });

  it('answers six 100,000-row requests to three processes with no 500, leaving no list without its campaign', async function () {
    this.timeout(180_000);
    const processes = await Promise.all([1, 2, 3].map(() => startOutbound({ DATABASE_URL: database.url })));
    try {
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          post((processes[index % 3] as OutboundProcess).url, {
            identifierName: `large_${index}`,
            userData: userData(100_000, index * 2),
          }),
        ),
      );

      expect(answers.map((answer) => answer.status)).to.deep.equal([200, 200, 200, 200, 200, 200]);
      expect(await listsWithoutCampaign(database.knex)).to.deep.equal([]);
      expect(await countOf(database.knex, 'campaign_rows')).to.equal(600_000);
    } finally {
      await Promise.all(processes.map((process) => process.stop()));
    }
  });

  it('answers the spec’s 500 once the wait for another program’s write lock runs out, and is not ready meanwhile', async function () {
    const outbound = await startOutbound({ DATABASE_URL: database.url, DB_STATEMENT_TIMEOUT_MS: '300' });
    const other = new Database(new URL(database.url).pathname);
    try {
      other.exec('begin immediate');

      expect(await post(outbound.url, { identifierName: 'locked_out', userData: userData(3) })).to.deep.equal(
        contactFailure,
      );
      expect((await get(outbound.url, '/readyz')).status).to.equal(503);

      other.exec('rollback');

      expect((await get(outbound.url, '/readyz')).status).to.equal(200);
      expect((await post(outbound.url, { identifierName: 'locked_out', userData: userData(3) })).status).to.equal(200);
      expect(await listsWithoutCampaign(database.knex)).to.deep.equal([]);
    } finally {
      other.close();
      const { stdout } = await outbound.stop();
      expect(stdout).to.include('database is locked');
    }
  });
});

describeOnEachDatabase(
  (label) => `a list a kill -9 left without its campaign, on ${label}`,
  (database) => {
    const request = { identifierName: 'killed_midway', userData: userData(100_000, 7) };

    beforeEach(async function () {
      this.timeout(60_000);
      await emptyTables(database().knex);
      // Killed once its list is stored and while its campaign is being written.
      const outbound = await startOutbound({ DATABASE_URL: database().url });
      const answered = post(outbound.url, request).catch(() => 'no answer');
      await until(async () => (await listsWithoutCampaign(database().knex)).length > 0, 50_000);
      process.kill(outbound.pid, 'SIGKILL');
      await outbound.stop();
      expect(await answered).to.equal('no answer');
      expect(await listsWithoutCampaign(database().knex)).to.deep.equal(['VoiceGenie_contact_killed_midway']);
      expect(await countOf(database().knex, 'campaigns')).to.equal(0);
    });

    it('is completed by a retry of the same request within the grace period', async function () {
      this.timeout(60_000);
      const outbound = await startOutbound({ DATABASE_URL: database().url });
      try {
        const retry = await post(outbound.url, request);

        expect(retry.status).to.equal(200);
        expect(retry.body.data).to.include({ rowsStored: 100_000, replayed: false });
        expect(await listsWithoutCampaign(database().knex)).to.deep.equal([]);
        expect(await countOf(database().knex, 'campaign_rows')).to.equal(100_000);
      } finally {
        await outbound.stop();
      }
    });

    it('is removed by the sweep at start-up once the grace period has passed, freeing the name', async function () {
      this.timeout(60_000);
      const outbound = await startOutbound({ DATABASE_URL: database().url, ORPHAN_GRACE_MS: '1' });
      try {
        expect(await listsWithoutCampaign(database().knex)).to.deep.equal([]);
        expect(await countOf(database().knex, 'contacts')).to.equal(0);

        const corrected = await post(outbound.url, { identifierName: 'killed_midway', userData: userData(2, 8) });
        expect(corrected.status).to.equal(200);
      } finally {
        const { stdout } = await outbound.stop();
        expect(stdout).to.match(
          /"contactListName":"VoiceGenie_contact_killed_midway".*"msg":"removed a contact list left without a campaign"/,
        );
      }
    });
  },
);

describeOnEachDatabase(
  (label) => `limits on a row, alike on ${label}`,
  (database) => {
    let outbound: OutboundProcess;

    before(async function () {
      outbound = await startOutbound({ DATABASE_URL: database().url });
    });
    after(async function () {
      await outbound.stop();
    });
    beforeEach(async function () {
      await emptyTables(database().knex);
    });

    it('stores 300 rows of 64 KiB of custom fields each, 19 MiB in all, and reads them back', async function () {
      this.timeout(60_000);
      const filler = 'x'.repeat(64 * 1024 - JSON.stringify({ blob: '' }).length);
      const rows = userData(300, 9).map(({ phone_number, name }) => ({ phone_number, name, blob: filler }));

      const answer = await post(outbound.url, { identifierName: 'at_the_limit', userData: rows });

      expect(answer.status).to.equal(200);
      const stored = await database().knex('campaign_rows').select('other_details').orderBy('position');
      expect(stored).to.have.length(300);
      expect(stored.every((row: { other_details: string }) => row.other_details.length === 64 * 1024)).to.equal(true);
    });

    const oversized: [string, Record<string, unknown>, string][] = [
      [
        'a 20 MB custom string',
        { blob: 'x'.repeat(20_000_000) },
        'custom fields must take at most 65536 bytes as JSON (take 20000011)',
      ],
      [
        'a million custom fields',
        Object.fromEntries(Array.from({ length: 1_000_000 }, (_, index) => [`k${index}`, 0])),
        'must have at most 100 custom fields (has 1000000)',
      ],
    ];
    for (const [what, fields, message] of oversized) {
      it(`refuses a row with ${what}, naming the row, and stores nothing`, async function () {
        this.timeout(60_000);
        const rows = [...userData(2, 10), { phone_number: '+14155550100', ...fields }];

        const answer = await post(outbound.url, { identifierName: 'too_much', userData: rows });

        expect(answer.status).to.equal(400);
        expect(answer.body.data).to.deep.include({ problems: [{ field: 'userData[2]', message }], problemCount: 1 });
        expect(await countOf(database().knex, 'contact_lists')).to.equal(0);
      });
    }
  },
);

describeOnEachDatabase(
  (label) => `the periodic sweep of a running server on ${label}`,
  (database) => {
    it('removes a list left without a campaign while the server runs, once its grace has passed', async function () {
      await emptyTables(database().knex);
      const outbound = await startOutbound({
        DATABASE_URL: database().url,
        ORPHAN_GRACE_MS: '60000',
        ORPHAN_SWEEP_INTERVAL_MS: '20',
      });
      try {
        // Left by another process a minute and more ago, after this one started.
        const aMinuteAgo = aFixedClock(new Date(Date.now() - 61_000).toISOString());
        await new KnexContactRepository(database().knex, aMinuteAgo).create(
          aContactListDraft('VoiceGenie_contact_left_running', someContactRows(2)),
        );
        await new KnexContactRepository(database().knex).create(
          aContactListDraft('VoiceGenie_contact_in_flight', someContactRows(1, 2)),
        );

        await until(
          async () => !(await listsWithoutCampaign(database().knex)).includes('VoiceGenie_contact_left_running'),
        );

        expect(await listsWithoutCampaign(database().knex)).to.deep.equal(['VoiceGenie_contact_in_flight']);
      } finally {
        await outbound.stop();
      }
    });
  },
);

describeOnEachDatabase(
  (label) => `outbound repair on ${label}`,
  (database) => {
    beforeEach(async function () {
      await emptyTables(database().knex);
      const longAgo = new KnexContactRepository(database().knex, aFixedClock('2026-01-01T00:00:00.000Z'));
      await longAgo.create(aContactListDraft('VoiceGenie_contact_left_behind', someContactRows(4)));
      await longAgo.create(aContactListDraft('VoiceGenie_contact_left_behind', someContactRows(1), 'crm'));
      const justNow = new KnexContactRepository(database().knex);
      await justNow.create(aContactListDraft('VoiceGenie_contact_still_running', someContactRows(2)));
    });

    it('lists the lists left without a campaign past the grace period with --dry-run, removing nothing', async function () {
      const { code, stdout } = await runOutbound({ DATABASE_URL: database().url }, { args: ['repair', '--dry-run'] });

      expect(code).to.equal(0);
      expect(stdout).to.include(
        'would remove VoiceGenie_contact_left_behind (4 rows, stored 2026-01-01T00:00:00.000Z)',
      );
      expect(stdout).to.include('would remove 2 contact list(s) left without a campaign');
      expect(await listsWithoutCampaign(database().knex)).to.have.members([
        'VoiceGenie_contact_left_behind',
        'VoiceGenie_contact_left_behind',
        'VoiceGenie_contact_still_running',
      ]);
    });

    it('removes them and says which', async function () {
      const { code, stdout } = await runOutbound({ DATABASE_URL: database().url }, { args: ['repair'] });

      expect(code).to.equal(0);
      expect(stdout).to.include('removed VoiceGenie_contact_left_behind (4 rows, stored 2026-01-01T00:00:00.000Z)');
      expect(stdout).to.include(
        'removed VoiceGenie_contact_left_behind (1 rows, stored 2026-01-01T00:00:00.000Z, created by crm)',
      );
      expect(stdout).to.include('removed 2 contact list(s) left without a campaign');
      expect(await listsWithoutCampaign(database().knex)).to.deep.equal(['VoiceGenie_contact_still_running']);
    });
  },
);

describeOnMysql('a MySQL that stops answering', (database) => {
  let proxied: string;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;

  beforeEach(async function () {
    await emptyTables(database().knex);
    const target = new URL(database().url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 3306));
    const throughProxy = new URL(database().url);
    throughProxy.host = `127.0.0.1:${proxy.port}`;
    proxied = throughProxy.toString();
  });
  afterEach(async function () {
    await proxy.close();
  });

  it('fails a statement whose connection went silent after the timeout, takes the list back, and serves the retry', async function () {
    const outbound = await startOutbound({ DATABASE_URL: proxied, DB_STATEMENT_TIMEOUT_MS: '1000' });
    try {
      const request = { identifierName: 'silenced', userData: userData(2_000, 3) };
      const silenced = proxy.blackHoleConnectionOn('insert into campaigns');

      expect(await post(outbound.url, request)).to.deep.equal(campaignFailure);
      await silenced;
      expect(await countOf(database().knex, 'contact_lists')).to.equal(0);

      const retry = await post(outbound.url, request);
      expect(retry.status).to.equal(200);
      expect(await listsWithoutCampaign(database().knex)).to.deep.equal([]);
    } finally {
      const { stdout } = await outbound.stop();
      expect(stdout, stdout).to.include('the database did not answer a statement within 1000 ms');
    }
  });

  it('answers the spec’s 500 and is not ready while every packet is dropped, then recovers', async function () {
    const outbound = await startOutbound({ DATABASE_URL: proxied, DB_STATEMENT_TIMEOUT_MS: '1000' });
    try {
      const request = { identifierName: 'black_holed', userData: userData(10, 4) };
      expect((await post(outbound.url, { identifierName: 'warm', userData: userData(1, 5) })).status).to.equal(200);

      proxy.blackHoleAll();

      expect(await post(outbound.url, request)).to.deep.equal(contactFailure);
      expect((await get(outbound.url, '/readyz')).status).to.equal(503);

      proxy.restore();

      expect((await get(outbound.url, '/readyz')).status).to.equal(200);
      expect((await post(outbound.url, request)).status).to.equal(200);
      expect(await listsWithoutCampaign(database().knex)).to.deep.equal([]);
    } finally {
      await outbound.stop();
    }
  });
});
