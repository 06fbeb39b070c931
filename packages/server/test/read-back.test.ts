import { describeOnEachDatabase, emptyTables } from '@outbound/adapters-sql/testing';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runOutbound, startOutbound, type OutboundProcess } from '../testing/index.js';
import { get, post } from './outbound-requests.js';

const committedDocument = fileURLToPath(new URL('../../../../docs/openapi.json', import.meta.url));

/** Rows with custom fields a store must give back exactly. */
function userData(count: number, seed = 1) {
  return Array.from({ length: count }, (_, index) => ({
    phone_number: `+44 7700 ${String(900_000 + seed * 10_000 + index)}`,
    name: index % 7 === 0 ? null : `Ünïcødé ${index} 🙂`,
    plan: { tier: index % 3, tags: ['a', 'ü', { deep: [null, true] }] },
    big: 2 ** 53 + 2,
    note: 'quotes " and \\ and\nnewlines',
  }));
}

/** The rows as they are read back: numbers canonical, every field kept. */
const asStored = (rows: ReturnType<typeof userData>) =>
  rows.map((row) => ({ ...row, phone_number: row.phone_number.replace(/ /g, '') }));

describeOnEachDatabase(
  (label) => `reading back from a server on ${label}`,
  (database) => {
    let outbound: OutboundProcess;

    before(async function () {
      await emptyTables(database().knex);
      outbound = await startOutbound({ DATABASE_URL: database().url });
    });
    after(async function () {
      await outbound.stop();
    });

    for (const limit of [1_000, 7]) {
      it(`gives 2,500 rows back exactly through pages of ${limit}, for the list and for the campaign`, async function () {
        const rows = userData(2_500, limit);
        const identifierName = `paged_${limit}`;
        expect((await post(outbound.url, { identifierName, userData: rows })).status).to.equal(200);

        for (const path of [
          `/contactLists/VoiceGenie_contact_${identifierName}`,
          `/campaigns/VoiceGenie_campaign_${identifierName}`,
        ]) {
          const read: unknown[] = [];
          let cursor: string | null = null;
          do {
            const { status, body } = await get(
              outbound.url,
              `${path}/contacts?limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`,
            );
            expect(status).to.equal(200);
            read.push(...(body.data.contacts as unknown[]));
            cursor = body.data.nextCursor as string | null;
          } while (cursor !== null);
          expect(read).to.deep.equal(asStored(rows));
        }
      });
    }

    it('answers the list, the campaign and the campaigns newest first', async function () {
      expect((await post(outbound.url, { identifierName: 'summary', userData: userData(3, 9) })).status).to.equal(200);

      const list = await get(outbound.url, `/contactLists/VoiceGenie_contact_summary`);
      expect(list.status).to.equal(200);
      expect(list.body.data).to.include({ rowCount: 3, campaignName: 'VoiceGenie_campaign_summary' });
      const campaign = await get(outbound.url, `/campaigns/VoiceGenie_campaign_summary`);
      expect(campaign.body.data).to.include({
        contactListName: 'VoiceGenie_contact_summary',
        status: 'not-yet-started',
      });
      expect(Date.parse(campaign.body.data.createdAt as string)).to.be.closeTo(Date.now(), 60_000);
      const newest = await get(outbound.url, `/campaigns?limit=1`);
      const { name, contactListName, status, rowCount, createdAt } = campaign.body.data;
      expect(newest.body.data.campaigns).to.deep.equal([{ name, contactListName, status, rowCount, createdAt }]);
      // A campaign read alone also says how far its run got: nowhere yet.
      expect(campaign.body.data).to.deep.include({ settings: null, startedAt: null, attempts: 0 });
      expect((await get(outbound.url, `/campaigns/VoiceGenie_campaign_SUMMARY`)).status).to.equal(404);
    });

    it("answers each contact's calls beside a started campaign's rows, and lists campaigns by status", async function () {
      const rows = userData(25, 5);
      expect((await post(outbound.url, { identifierName: 'called', userData: rows })).status).to.equal(200);
      const path = '/campaigns/VoiceGenie_campaign_called';
      const send = async (to: string, body: unknown) =>
        (
          await fetch(`${outbound.url}${to}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          })
        ).status;
      expect((await get(outbound.url, `${path}/contacts?limit=2`)).body.data.calls).to.deep.equal([null, null]);

      expect(await send(`${path}/start`, {})).to.equal(200);
      expect(await send('/calls/lease', { max: 3, campaign: 'VoiceGenie_campaign_called' })).to.equal(200);

      const contacts: unknown[] = [];
      const states: unknown[] = [];
      let cursor: string | null = null;
      do {
        const { status, body } = await get(
          outbound.url,
          `${path}/contacts?limit=7${cursor === null ? '' : `&cursor=${cursor}`}`,
        );
        expect(status).to.equal(200);
        const calls = body.data.calls as { state: string; attempts: number }[];
        expect(calls).to.have.length((body.data.contacts as unknown[]).length);
        contacts.push(...(body.data.contacts as unknown[]));
        states.push(...calls.map(({ state, attempts }) => `${state} ${attempts}`));
        cursor = body.data.nextCursor as string | null;
      } while (cursor !== null);
      expect(contacts).to.deep.equal(asStored(rows));
      // The first three by position were handed out: all were due at the same time.
      expect(states).to.deep.equal([
        ...new Array<string>(3).fill('dialling 1'),
        ...new Array<string>(22).fill('due 0'),
      ]);

      const named = async (query: string) =>
        ((await get(outbound.url, `/campaigns?${query}`)).body.data.campaigns as { name: string }[]).map(
          ({ name }) => name,
        );
      expect(await named('status=running')).to.deep.equal(['VoiceGenie_campaign_called']);
      expect(await named('status=not-yet-started&limit=1000')).to.not.include('VoiceGenie_campaign_called');
    });
  },
);

describe('the committed OpenAPI document', function () {
  it('is what a server with the default settings answers at GET /openapi.json; npm run openapi writes it', async function () {
    const outbound = await startOutbound({ DATABASE_URL: 'memory:' });
    try {
      const served = await (await fetch(`${outbound.url}/openapi.json`)).json();
      expect(
        JSON.parse(readFileSync(committedDocument, 'utf8')),
        'docs/openapi.json is stale: run npm run openapi',
      ).to.deep.equal(served);
    } finally {
      await outbound.stop();
    }
    const printed = await runOutbound({}, { args: ['openapi'] });
    expect(printed.code).to.equal(0);
    expect(printed.stdout).to.equal(readFileSync(committedDocument, 'utf8'));
  });
});
