import { KnexCampaignUploader, KnexContactRepository } from '@outbound/adapters-sql';
import { describeOnEachDatabase, emptyTables } from '@outbound/adapters-sql/testing';
import { aCampaignDraft, aContactListDraft, someContactRows } from '@outbound/port-contracts';
import { expect } from 'chai';
import { startOutbound, type OutboundProcess } from '../testing/index.js';
import { userData, type Answer } from './outbound-requests.js';

const SECRETS = { crm: 'crm-secret-0123456789', ops: 'ops-secret-0123456789' } as const;
type Owner = keyof typeof SECRETS;

describeOnEachDatabase(
  (label) => `names per owner, through a server with API keys on ${label}`,
  (database) => {
    let outbound: OutboundProcess;

    before(async function () {
      await emptyTables(database().knex);
      outbound = await startOutbound({
        DATABASE_URL: database().url,
        API_KEYS: Object.entries(SECRETS)
          .map(([owner, secret]) => `${owner}:${secret}`)
          .join(','),
      });
    });
    after(async function () {
      await outbound.stop();
    });

    async function send(owner: Owner, path: string, body?: unknown): Promise<Answer> {
      const headers = { 'x-api-key': SECRETS[owner], 'Content-Type': 'application/json' };
      const response = await fetch(
        `${outbound.url}${path}`,
        body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) },
      );
      return { status: response.status, body: (await response.json()) as Answer['body'] };
    }
    const create = (owner: Owner, identifierName: string, rows: unknown[]) =>
      send(owner, '/createContactAndCampaign', { identifierName, userData: rows });

    it("gives each key its own pair under one identifierName, and replays and conflicts within a key's own", async function () {
      const crmRows = userData(3, 1);

      const byCrm = await create('crm', 'shared', crmRows);
      const sameRowsByOps = await create('ops', 'shared', crmRows);
      const otherRowsByOps = await create('ops', 'shared', userData(2, 2));
      const againByCrm = await create('crm', 'shared', crmRows);

      expect([byCrm.status, byCrm.body.data.replayed]).to.deep.equal([200, false]);
      expect([sameRowsByOps.status, sameRowsByOps.body.data.replayed]).to.deep.equal([200, false]);
      expect(otherRowsByOps.status).to.equal(409);
      expect(otherRowsByOps.body.data['conflictingName']).to.equal('VoiceGenie_contact_shared');
      expect([againByCrm.status, againByCrm.body.data.replayed]).to.deep.equal([200, true]);
      for (const owner of ['crm', 'ops'] as const) {
        const campaigns = (await send(owner, '/campaigns')).body.data['campaigns'] as { name: string }[];
        expect(campaigns.map((campaign) => campaign.name)).to.deep.equal(['VoiceGenie_campaign_shared']);
      }
    });

    it('keeps what was stored before keys unreachable by any key, and free for each to take', async function () {
      const knex = database().knex;
      const rows = someContactRows(2);
      await new KnexContactRepository(knex).create(aContactListDraft('VoiceGenie_contact_before_keys', rows));
      await new KnexCampaignUploader(knex).upload(
        aCampaignDraft('VoiceGenie_campaign_before_keys', 'VoiceGenie_contact_before_keys', rows),
      );

      for (const path of [
        '/contactLists/VoiceGenie_contact_before_keys',
        '/campaigns/VoiceGenie_campaign_before_keys',
      ]) {
        expect((await send('crm', path)).status, path).to.equal(404);
      }
      const taken = await create('crm', 'before_keys', userData(1, 3));
      expect([taken.status, taken.body.data.replayed]).to.deep.equal([200, false]);
      const list = await send('crm', '/contactLists/VoiceGenie_contact_before_keys');
      expect(list.body.data).to.include({ rowCount: 1 });
    });
  },
);
