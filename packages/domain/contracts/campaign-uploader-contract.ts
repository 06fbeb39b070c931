import { expect } from 'chai';
import { ContactListNotFoundError, type CampaignUploader } from '../src/index.js';
import { aCampaignDraft, aContactListDraft, someContactRows } from './contact-rows-mother.js';
import type { MakePorts, PortsFixture } from './ports-fixture.js';

/** The TSDoc contract of {@link CampaignUploader}, run against one adapter. */
export function campaignUploaderContract(adapterName: string, makePorts: MakePorts): void {
  describe(`CampaignUploader contract: ${adapterName}`, function () {
    let ports: PortsFixture;
    let campaigns: CampaignUploader;

    beforeEach(async function () {
      ports = await makePorts();
      campaigns = ports.campaigns;
    });
    afterEach(async function () {
      await ports.dispose();
    });

    async function aStoredList(name: string, rowCount = 3, seed = 1) {
      const draft = await aContactListDraft(name, someContactRows(rowCount, seed));
      await ports.contacts.create(draft);
      return draft;
    }

    it('stores a new campaign over its list with every row, in order, not yet started', async function () {
      const list = await aStoredList('Brand_contact_one', 1_234);
      const draft = await aCampaignDraft('Brand_campaign_one', list.name, list.rows);
      const before = Date.now();

      const result = await campaigns.upload(draft);

      expect(result.status).to.equal('created');
      const { createdAt, ...summary } = result.campaign;
      expect(summary).to.deep.equal({
        name: 'Brand_campaign_one',
        contactListName: 'Brand_contact_one',
        status: 'not-yet-started',
        rowCount: 1_234,
        rowsDigest: draft.rowsDigest,
      });
      // Storage may keep whole seconds only.
      expect(createdAt.getTime()).to.be.within(before - 1_000, Date.now() + 1_000);
      const stored = await campaigns.findByName('Brand_campaign_one');
      expect(stored?.rows).to.deep.equal(list.rows);
      expect(stored?.status).to.equal('not-yet-started');
      expect(stored?.createdAt.getTime()).to.equal(createdAt.getTime());
    });

    it('answers null for a name it does not hold', async function () {
      expect(await campaigns.findByName('Brand_campaign_missing')).to.equal(null);
    });

    it('stores nothing and answers exists, with the stored summary, when the name is taken', async function () {
      const list = await aStoredList('Brand_contact_taken');
      const first = await campaigns.upload(await aCampaignDraft('Brand_campaign_taken', list.name, list.rows));
      const other = someContactRows(5, 9);

      const result = await campaigns.upload(await aCampaignDraft('Brand_campaign_taken', list.name, other));

      expect(result).to.deep.equal({ status: 'exists', campaign: first.campaign });
      expect((await campaigns.findByName('Brand_campaign_taken'))?.rows).to.deep.equal(list.rows);
    });

    it('rejects with ContactListNotFoundError and stores nothing when the list does not exist', async function () {
      const draft = await aCampaignDraft('Brand_campaign_orphan', 'Brand_contact_nowhere', someContactRows(2));

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
      await campaigns.upload(await aCampaignDraft('Brand_campaign_Case', list.name, list.rows));

      const result = await campaigns.upload(await aCampaignDraft('Brand_campaign_case', list.name, list.rows));

      expect(result.status).to.equal('created');
    });

    it('creates exactly one campaign when many callers upload one name at once', async function () {
      const list = await aStoredList('Brand_contact_race', 40);
      const drafts = await Promise.all(
        Array.from({ length: 8 }, (_, seed) =>
          aCampaignDraft('Brand_campaign_race', list.name, list.rows.slice(0, 30 + seed)),
        ),
      );

      const results = await Promise.all(drafts.map((draft) => campaigns.upload(draft)));

      const created = results.filter((result) => result.status === 'created');
      expect(created).to.have.length(1);
      const winner = drafts.find((draft) => draft.rowsDigest === created[0]?.campaign.rowsDigest);
      for (const result of results) expect(result.campaign.rowsDigest).to.equal(winner?.rowsDigest);
      expect((await campaigns.findByName('Brand_campaign_race'))?.rows).to.deep.equal(winner?.rows);
    });

    it('hands out copies: changing a found campaign changes nothing stored', async function () {
      const list = await aStoredList('Brand_contact_copy', 2);
      await campaigns.upload(await aCampaignDraft('Brand_campaign_copy', list.name, list.rows));

      const found = await campaigns.findByName('Brand_campaign_copy');
      const firstRow = found?.rows[0] as { otherDetails: { tags: unknown[] } } | undefined;
      firstRow?.otherDetails.tags.push('changed');

      expect((await campaigns.findByName('Brand_campaign_copy'))?.rows).to.deep.equal(list.rows);
    });
  });
}
