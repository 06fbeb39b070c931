import { expect } from 'chai';
import { ContactListNotFoundError, type CampaignUploader } from '@outbound/domain';
import { aCampaignDraft, aContactListDraft, someContactRows } from './contact-rows-mother.js';
import { expectOneCreated } from './expect-one-created.js';
import { aFixedClock } from './fixed-clock.js';
import type { MakePorts, PortsFixture } from './ports-fixture.js';

/** The TSDoc contract of {@link CampaignUploader}, run against one adapter. */
export function campaignUploaderContract(adapterName: string, makePorts: MakePorts): void {
  describe(`CampaignUploader contract: ${adapterName}`, function () {
    // Milliseconds included: storage must keep the moment exactly, not to the second.
    const now = '2026-03-04T05:06:07.089Z';
    let ports: PortsFixture;
    let campaigns: CampaignUploader;

    beforeEach(async function () {
      ports = await makePorts({ clock: aFixedClock(now) });
      campaigns = ports.campaigns;
    });
    afterEach(async function () {
      await ports.dispose();
    });

    async function aStoredList(name: string, rowCount = 3, seed = 1) {
      const draft = aContactListDraft(name, someContactRows(rowCount, seed));
      await ports.contacts.create(draft);
      return draft;
    }

    it('stores a new campaign over its list with every row, in order, not yet started', async function () {
      const list = await aStoredList('Brand_contact_one', 1_234);

      const result = await campaigns.upload(aCampaignDraft('Brand_campaign_one', list.name, list.rows));

      expect(result).to.deep.equal({
        status: 'created',
        campaign: {
          name: 'Brand_campaign_one',
          contactListName: 'Brand_contact_one',
          status: 'not-yet-started',
          rowCount: 1_234,
          createdAt: new Date(now),
          createdBy: null,
        },
      });
      expect(await campaigns.findByName('Brand_campaign_one')).to.deep.equal({ ...result.campaign, rows: list.rows });
    });

    it('keeps who created a campaign', async function () {
      const list = await aStoredList('Brand_contact_keyed');

      const result = await campaigns.upload({
        ...aCampaignDraft('Brand_campaign_keyed', list.name, list.rows),
        createdBy: 'crm',
      });

      expect(result.campaign.createdBy).to.equal('crm');
      expect((await campaigns.findByName('Brand_campaign_keyed'))?.createdBy).to.equal('crm');
    });

    it('answers null for a name it does not hold', async function () {
      expect(await campaigns.findByName('Brand_campaign_missing')).to.equal(null);
    });

    it('stores nothing and answers exists, not the same rows, when the name holds other rows', async function () {
      const list = await aStoredList('Brand_contact_taken');
      const first = await campaigns.upload(aCampaignDraft('Brand_campaign_taken', list.name, list.rows));

      const result = await campaigns.upload(aCampaignDraft('Brand_campaign_taken', list.name, someContactRows(5, 9)));

      expect(result).to.deep.equal({ status: 'exists', campaign: first.campaign, sameRows: false });
      expect((await campaigns.findByName('Brand_campaign_taken'))?.rows).to.deep.equal(list.rows);
    });

    it('answers exists with the same rows when the name holds equal rows', async function () {
      const list = await aStoredList('Brand_contact_again');
      const first = await campaigns.upload(aCampaignDraft('Brand_campaign_again', list.name, list.rows));

      const result = await campaigns.upload(aCampaignDraft('Brand_campaign_again', list.name, someContactRows(3, 1)));

      expect(result).to.deep.equal({ status: 'exists', campaign: first.campaign, sameRows: true });
    });

    it('rejects with ContactListNotFoundError and stores nothing when the list does not exist', async function () {
      const draft = aCampaignDraft('Brand_campaign_orphan', 'Brand_contact_nowhere', someContactRows(2));

      const failure = await campaigns.upload(draft).then(
        () => null,
        (error: unknown) => error,
      );

      expect(failure).to.be.instanceOf(ContactListNotFoundError);
      expect(failure).to.include({ contactListName: 'Brand_contact_nowhere' });
      expect(await campaigns.findByName('Brand_campaign_orphan')).to.equal(null);
    });

    it('treats names that differ only in case as different campaigns', async function () {
      const list = await aStoredList('Brand_contact_case');
      await campaigns.upload(aCampaignDraft('Brand_campaign_Case', list.name, list.rows));

      const result = await campaigns.upload(aCampaignDraft('Brand_campaign_case', list.name, list.rows));

      expect(result.status).to.equal('created');
    });

    it('creates exactly one campaign when many callers upload one name at once', async function () {
      const list = await aStoredList('Brand_contact_race', 40);
      const drafts = Array.from({ length: 8 }, (_, seed) =>
        aCampaignDraft('Brand_campaign_race', list.name, list.rows.slice(0, 30 + (seed % 3))),
      );

      const results = await Promise.all(drafts.map((draft) => campaigns.upload(draft)));

      expectOneCreated(results, drafts, (await campaigns.findByName('Brand_campaign_race'))?.rows);
    });

    it('hands out copies: changing a found campaign changes nothing stored', async function () {
      const list = await aStoredList('Brand_contact_copy', 2);
      await campaigns.upload(aCampaignDraft('Brand_campaign_copy', list.name, list.rows));

      const found = await campaigns.findByName('Brand_campaign_copy');
      const firstRow = found?.rows[0] as { otherDetails: { tags: unknown[] } } | undefined;
      firstRow?.otherDetails.tags.push('changed');

      expect((await campaigns.findByName('Brand_campaign_copy'))?.rows).to.deep.equal(list.rows);
    });
  });
}
