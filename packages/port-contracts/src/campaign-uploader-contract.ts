import { expect } from 'chai';
import { ContactListNotFoundError, type CampaignUploader } from '@outbound/domain';
import { aCampaignDraft, aContactListDraft, named, someContactRows } from './contact-rows-mother.js';
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

    async function aStoredList(name: string, rowCount = 3, seed = 1, createdBy: string | null = null) {
      const draft = aContactListDraft(name, someContactRows(rowCount, seed), createdBy);
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
      expect(await campaigns.findByName(named('Brand_campaign_one'))).to.deep.equal({
        ...result.campaign,
        rows: list.rows,
      });
    });

    it('keeps who created a campaign, and finds it by its owner and name', async function () {
      const list = await aStoredList('Brand_contact_keyed', 3, 1, 'crm');

      const result = await campaigns.upload(aCampaignDraft('Brand_campaign_keyed', list.name, list.rows, 'crm'));

      expect(result.campaign.createdBy).to.equal('crm');
      expect((await campaigns.findByName(named('Brand_campaign_keyed', 'crm')))?.createdBy).to.equal('crm');
    });

    it('answers null for a name it does not hold', async function () {
      expect(await campaigns.findByName(named('Brand_campaign_missing'))).to.equal(null);
    });

    it('stores nothing and answers exists, not the same rows, when the name holds other rows', async function () {
      const list = await aStoredList('Brand_contact_taken');
      const first = await campaigns.upload(aCampaignDraft('Brand_campaign_taken', list.name, list.rows));

      const result = await campaigns.upload(aCampaignDraft('Brand_campaign_taken', list.name, someContactRows(5, 9)));

      expect(result).to.deep.equal({ status: 'exists', campaign: first.campaign, sameRows: false });
      expect((await campaigns.findByName(named('Brand_campaign_taken')))?.rows).to.deep.equal(list.rows);
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
      expect(await campaigns.findByName(named('Brand_campaign_orphan'))).to.equal(null);
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

      expectOneCreated(results, drafts, (await campaigns.findByName(named('Brand_campaign_race')))?.rows);
    });

    it('hands out copies: changing a found campaign changes nothing stored', async function () {
      const list = await aStoredList('Brand_contact_copy', 2);
      await campaigns.upload(aCampaignDraft('Brand_campaign_copy', list.name, list.rows));

      const found = await campaigns.findByName(named('Brand_campaign_copy'));
      const firstRow = found?.rows[0] as { otherDetails: { tags: unknown[] } } | undefined;
      firstRow?.otherDetails.tags.push('changed');

      expect((await campaigns.findByName(named('Brand_campaign_copy')))?.rows).to.deep.equal(list.rows);
    });

    describe('names per owner', function () {
      const LIST = 'Brand_contact_shared';
      const CAMPAIGN = 'Brand_campaign_shared';

      it("stores a campaign of one name for each owner, over that owner's list, null being an owner of its own", async function () {
        const lists = [
          await aStoredList(LIST, 2, 1, 'crm'),
          await aStoredList(LIST, 3, 2, 'ops'),
          await aStoredList(LIST, 4, 3, null),
        ];

        const results = await Promise.all(
          lists.map((list) => campaigns.upload(aCampaignDraft(CAMPAIGN, LIST, list.rows, list.createdBy))),
        );

        expect(results.map((result) => result.status)).to.deep.equal(['created', 'created', 'created']);
        for (const list of lists) {
          expect(await campaigns.findByName(named(CAMPAIGN, list.createdBy))).to.deep.equal({
            name: CAMPAIGN,
            contactListName: LIST,
            status: 'not-yet-started',
            rowCount: list.rows.length,
            createdAt: new Date(now),
            createdBy: list.createdBy,
            rows: list.rows,
          });
        }
        expect(await campaigns.findByName(named(CAMPAIGN, 'dialer'))).to.equal(null);
      });

      it("builds a campaign only on its owner's list: another owner's list of the name is not found", async function () {
        const list = await aStoredList(LIST, 2, 1, 'crm');

        for (const stranger of ['ops', null]) {
          const failure = await campaigns.upload(aCampaignDraft(CAMPAIGN, LIST, list.rows, stranger)).then(
            () => null,
            (error: unknown) => error,
          );

          expect(failure).to.be.instanceOf(ContactListNotFoundError);
          expect(await campaigns.findByName(named(CAMPAIGN, stranger))).to.equal(null);
        }
      });

      it("answers exists for the owner's own campaign only: another owner's rows never replay nor conflict", async function () {
        const crmList = await aStoredList(LIST, 3, 1, 'crm');
        const opsList = await aStoredList(LIST, 3, 1, 'ops');
        const crm = await campaigns.upload(aCampaignDraft(CAMPAIGN, LIST, crmList.rows, 'crm'));

        const sameRowsByOps = await campaigns.upload(aCampaignDraft(CAMPAIGN, LIST, opsList.rows, 'ops'));
        const sameRowsByCrm = await campaigns.upload(aCampaignDraft(CAMPAIGN, LIST, crmList.rows, 'crm'));
        const otherRowsByCrm = await campaigns.upload(aCampaignDraft(CAMPAIGN, LIST, someContactRows(1, 9), 'crm'));

        expect(sameRowsByOps).to.deep.equal({
          status: 'created',
          campaign: { ...crm.campaign, createdBy: 'ops' },
        });
        expect(sameRowsByCrm).to.deep.equal({ status: 'exists', campaign: crm.campaign, sameRows: true });
        expect(otherRowsByCrm).to.deep.equal({ status: 'exists', campaign: crm.campaign, sameRows: false });
      });

      it("reads the owner's own campaign only: its summary and its pages", async function () {
        const crmList = await aStoredList(LIST, 3, 1, 'crm');
        const opsList = await aStoredList(LIST, 5, 2, 'ops');
        await campaigns.upload(aCampaignDraft(CAMPAIGN, LIST, crmList.rows, 'crm'));
        await campaigns.upload(aCampaignDraft(CAMPAIGN, LIST, opsList.rows, 'ops'));

        expect(await campaigns.findSummary(named(CAMPAIGN, 'crm'))).to.include({ rowCount: 3, createdBy: 'crm' });
        expect(await campaigns.readRows(named(CAMPAIGN, 'ops'), { fromPosition: 2, limit: 10 })).to.deep.equal({
          summary: {
            name: CAMPAIGN,
            contactListName: LIST,
            status: 'not-yet-started',
            rowCount: 5,
            createdAt: new Date(now),
            createdBy: 'ops',
          },
          rows: opsList.rows.slice(2),
        });
        for (const stranger of [named(CAMPAIGN, 'dialer'), named(CAMPAIGN)]) {
          expect(await campaigns.findSummary(stranger)).to.equal(null);
          expect(await campaigns.readRows(stranger, { fromPosition: 0, limit: 10 })).to.equal(null);
        }
      });

      it('creates exactly one campaign per owner when callers of two owners upload one name at once', async function () {
        const owners = ['crm', 'ops'] as const;
        for (const owner of owners) await aStoredList(LIST, 40, 1, owner);
        const drafts = Array.from({ length: 12 }, (_, seed) =>
          aCampaignDraft(CAMPAIGN, LIST, someContactRows(30 + (seed % 3), 1), owners[seed % 2] ?? null),
        );

        const results = await Promise.all(drafts.map((draft) => campaigns.upload(draft)));

        for (const owner of owners) {
          const mine = (_: unknown, index: number) => drafts[index]?.createdBy === owner;
          expectOneCreated(
            results.filter(mine),
            drafts.filter(mine),
            (await campaigns.findByName(named(CAMPAIGN, owner)))?.rows,
          );
        }
      });
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
        const list = await aStoredList('Brand_contact_summary', 4, 1, 'crm');
        await campaigns.upload(aCampaignDraft('Brand_campaign_Summary', list.name, list.rows, 'crm'));

        expect(await campaigns.findSummary(named('Brand_campaign_Summary', 'crm'))).to.deep.equal(
          summaryOf('Brand_campaign_Summary', 'Brand_contact_summary', 4, 'crm'),
        );
        expect(await campaigns.findSummary(named('Brand_campaign_summary', 'crm'))).to.equal(null);
        expect(
          await campaigns.readRows(named('Brand_campaign_summary', 'crm'), { fromPosition: 0, limit: 5 }),
        ).to.equal(null);
      });

      for (const pageSize of [1_000, 7]) {
        it(`reads 2,500 rows back in pages of ${pageSize}, each after the last, in stored order`, async function () {
          const list = await aStoredList('Brand_contact_paged', 2_500);
          await campaigns.upload(aCampaignDraft('Brand_campaign_paged', list.name, list.rows));

          const read = await readEveryPage(
            (query) => campaigns.readRows(named('Brand_campaign_paged'), query),
            pageSize,
          );

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
          campaigns.readRows(named('Brand_campaign_steady'), { fromPosition: 2_000, limit: 1_000 }),
        ]);

        expect(written.status).to.equal('created');
        expect(page?.rows).to.deep.equal(steady.rows.slice(2_000));
      });

      it("lists an owner's campaigns newest first, names breaking ties, a page at a time after the last one", async function () {
        const crmList = await aStoredList('Brand_contact_many', 1, 1, 'crm');
        const noOnesList = await aStoredList('Brand_contact_many', 1, 2);
        const upload = (name: string, list = crmList) =>
          campaigns.upload(aCampaignDraft(name, list.name, list.rows, list.createdBy));
        await upload('Brand_campaign_b');
        await upload('Brand_campaign_a');
        clock.advance(1);
        await upload('Brand_campaign_c');
        await upload('Brand_campaign_d');
        await upload('Brand_campaign_e', noOnesList);
        clock.advance(-5);
        await upload('Brand_campaign_old');
        const names = (found: readonly { name: string }[]) => found.map((campaign) => campaign.name);

        const all = await campaigns.findNewestFirst({ createdBy: 'crm', limit: 10 });
        expect(names(all)).to.deep.equal([
          'Brand_campaign_d',
          'Brand_campaign_c',
          'Brand_campaign_b',
          'Brand_campaign_a',
          'Brand_campaign_old',
        ]);
        expect(all[1]).to.deep.equal({
          ...summaryOf('Brand_campaign_c', crmList.name, 1, 'crm'),
          createdAt: new Date(Date.parse(now) + 1),
        });

        const firstPage = await campaigns.findNewestFirst({ createdBy: 'crm', limit: 2 });
        expect(names(firstPage)).to.deep.equal(['Brand_campaign_d', 'Brand_campaign_c']);
        const last = firstPage[1] as { createdAt: Date; name: string };
        const secondPage = await campaigns.findNewestFirst({ createdBy: 'crm', limit: 2, after: last });
        expect(names(secondPage)).to.deep.equal(['Brand_campaign_b', 'Brand_campaign_a']);
        expect(
          names(await campaigns.findNewestFirst({ createdBy: 'crm', limit: 10, after: secondPage[0] })),
        ).to.deep.equal(['Brand_campaign_a', 'Brand_campaign_old']);

        expect(names(await campaigns.findNewestFirst({ createdBy: null, limit: 10 }))).to.deep.equal([
          'Brand_campaign_e',
        ]);
        expect(await campaigns.findNewestFirst({ createdBy: 'nobody', limit: 10 })).to.deep.equal([]);
      });

      it('lists only the campaigns of the status asked, newest first, a page at a time', async function () {
        const list = await aStoredList('Brand_contact_status', 1, 1, 'crm');
        for (const name of ['Brand_campaign_x', 'Brand_campaign_y', 'Brand_campaign_z']) {
          await campaigns.upload(aCampaignDraft(name, list.name, list.rows, 'crm'));
        }
        const names = (found: readonly { name: string }[]) => found.map((campaign) => campaign.name);

        const first = await campaigns.findNewestFirst({ createdBy: 'crm', limit: 2, status: 'not-yet-started' });
        expect(names(first)).to.deep.equal(['Brand_campaign_z', 'Brand_campaign_y']);
        expect(
          names(
            await campaigns.findNewestFirst({ createdBy: 'crm', limit: 2, status: 'not-yet-started', after: first[1] }),
          ),
        ).to.deep.equal(['Brand_campaign_x']);
        for (const status of ['scheduled', 'running', 'paused', 'completed', 'cancelled'] as const) {
          expect(await campaigns.findNewestFirst({ createdBy: 'crm', limit: 10, status }), status).to.deep.equal([]);
        }
      });
    });
  });
}
