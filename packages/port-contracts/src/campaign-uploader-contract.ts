import { expect } from 'chai';
import { ContactListNotFoundError, type CampaignUploader } from '@outbound/domain';
import { aCampaignDraft, aContactListDraft, someContactRows } from './contact-rows-mother.js';
import { expectOneCreated } from './expect-one-created.js';
import { aFixedClock, type FixedClock } from './fixed-clock.js';
import type { MakePorts, PortsFixture } from './ports-fixture.js';
import { readEveryPage } from './row-pages.js';

/** The TSDoc contract of {@link CampaignUploader}, run against one adapter. */
export function campaignUploaderContract(adapterName: string, makePorts: MakePorts): void {
  describe(`CampaignUploader contract: ${adapterName}`, function () {
    // Milliseconds included: storage must keep the moment exactly, not to the second.
    const now = '2026-03-04T05:06:07.089Z';
    let clock: FixedClock;
    let ports: PortsFixture;
    let campaigns: CampaignUploader;

    beforeEach(async function () {
      clock = aFixedClock(now);
      ports = await makePorts({ clock });
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

    describe('reading back', function () {
      const summaryOf = (name: string, contactListName: string, rowCount: number, createdBy: string | null = null) => ({
        name,
        contactListName,
        status: 'not-yet-started',
        rowCount,
        createdAt: new Date(now),
        createdBy,
      });

      it("answers a campaign's summary, or null for a name it does not hold, compared with case", async function () {
        const list = await aStoredList('Brand_contact_summary', 4);
        await campaigns.upload({ ...aCampaignDraft('Brand_campaign_Summary', list.name, list.rows), createdBy: 'crm' });

        expect(await campaigns.findSummary('Brand_campaign_Summary')).to.deep.equal(
          summaryOf('Brand_campaign_Summary', 'Brand_contact_summary', 4, 'crm'),
        );
        expect(await campaigns.findSummary('Brand_campaign_summary')).to.equal(null);
        expect(await campaigns.readRows('Brand_campaign_summary', { fromPosition: 0, limit: 5 })).to.equal(null);
      });

      for (const pageSize of [1_000, 7]) {
        it(`reads 2,500 rows back in pages of ${pageSize}, each after the last, in stored order`, async function () {
          const list = await aStoredList('Brand_contact_paged', 2_500);
          await campaigns.upload(aCampaignDraft('Brand_campaign_paged', list.name, list.rows));

          const read = await readEveryPage((query) => campaigns.readRows('Brand_campaign_paged', query), pageSize);

          expect(read.rows).to.deep.equal(list.rows);
          expect(read.pages).to.equal(Math.ceil(2_500 / pageSize));
          for (const summary of read.summaries) {
            expect(summary).to.deep.equal(summaryOf('Brand_campaign_paged', 'Brand_contact_paged', 2_500));
          }
        });
      }

      it('reads a page whole while another campaign is being written', async function () {
        const steady = await aStoredList('Brand_contact_steady', 2_500, 1);
        await campaigns.upload(aCampaignDraft('Brand_campaign_steady', steady.name, steady.rows));
        const busy = await aStoredList('Brand_contact_busy', 5_000, 2);

        const [written, page] = await Promise.all([
          campaigns.upload(aCampaignDraft('Brand_campaign_busy', busy.name, busy.rows)),
          campaigns.readRows('Brand_campaign_steady', { fromPosition: 2_000, limit: 1_000 }),
        ]);

        expect(written.status).to.equal('created');
        expect(page?.rows).to.deep.equal(steady.rows.slice(2_000));
      });

      it('lists campaigns newest first, names breaking ties, a page at a time after the last one', async function () {
        const list = await aStoredList('Brand_contact_many', 1);
        const upload = (name: string, createdBy?: string) =>
          campaigns.upload({
            ...aCampaignDraft(name, list.name, list.rows),
            ...(createdBy === undefined ? {} : { createdBy }),
          });
        await upload('Brand_campaign_b');
        await upload('Brand_campaign_a', 'crm');
        clock.advance(1);
        await upload('Brand_campaign_c', 'crm');
        await upload('Brand_campaign_d');
        clock.advance(-5);
        await upload('Brand_campaign_old', 'crm');
        const names = (found: readonly { name: string }[]) => found.map((campaign) => campaign.name);

        const all = await campaigns.findNewestFirst({ limit: 10 });
        expect(names(all)).to.deep.equal([
          'Brand_campaign_d',
          'Brand_campaign_c',
          'Brand_campaign_b',
          'Brand_campaign_a',
          'Brand_campaign_old',
        ]);
        expect(all[1]).to.deep.equal({
          ...summaryOf('Brand_campaign_c', list.name, 1, 'crm'),
          createdAt: new Date(Date.parse(now) + 1),
        });

        const firstPage = await campaigns.findNewestFirst({ limit: 2 });
        expect(names(firstPage)).to.deep.equal(['Brand_campaign_d', 'Brand_campaign_c']);
        const last = firstPage[1] as { createdAt: Date; name: string };
        const secondPage = await campaigns.findNewestFirst({ limit: 2, after: last });
        expect(names(secondPage)).to.deep.equal(['Brand_campaign_b', 'Brand_campaign_a']);

        expect(names(await campaigns.findNewestFirst({ limit: 10, createdBy: 'crm' }))).to.deep.equal([
          'Brand_campaign_c',
          'Brand_campaign_a',
          'Brand_campaign_old',
        ]);
        expect(
          names(await campaigns.findNewestFirst({ limit: 10, createdBy: 'crm', after: secondPage[0] })),
        ).to.deep.equal(['Brand_campaign_a', 'Brand_campaign_old']);
        expect(await campaigns.findNewestFirst({ limit: 10, createdBy: 'nobody' })).to.deep.equal([]);
      });
    });
  });
}
