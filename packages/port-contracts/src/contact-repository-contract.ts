import { expect } from 'chai';
import type { ContactRepository, ContactRow } from '@outbound/domain';
import { aCampaignDraft, aContactListDraft, named, someContactRows } from './contact-rows-mother.js';
import { expectOneCreated } from './expect-one-created.js';
import { aFixedClock, type FixedClock } from './fixed-clock.js';
import type { MakePorts, PortsFixture } from './ports-fixture.js';
import { readEveryPage, rowsThatMustSurviveExactly } from './row-pages.js';

/** The TSDoc contract of {@link ContactRepository}, run against one adapter. */
export function contactRepositoryContract(adapterName: string, makePorts: MakePorts): void {
  describe(`ContactRepository contract: ${adapterName}`, function () {
    const createdAt = new Date('2026-03-04T05:06:07.089Z');
    let clock: FixedClock;
    let ports: PortsFixture;
    let contacts: ContactRepository;

    beforeEach(async function () {
      clock = aFixedClock(createdAt.toISOString());
      ports = await makePorts({ clock });
      contacts = ports.contacts;
    });
    afterEach(async function () {
      await ports.dispose();
    });

    it('stores a new list with every row, in order, and answers created', async function () {
      const rows = someContactRows(1_234);

      const result = await contacts.create(aContactListDraft('Brand_contact_first', rows));

      expect(result).to.deep.equal({
        status: 'created',
        list: { name: 'Brand_contact_first', rowCount: 1_234, createdAt, createdBy: null },
      });
      const stored = await contacts.findByName(named('Brand_contact_first'));
      expect(stored).to.deep.equal({ name: 'Brand_contact_first', rowCount: 1_234, createdAt, createdBy: null, rows });
    });

    it('keeps who created a list, and finds it by its owner and name', async function () {
      const rows = someContactRows(2);

      const created = await contacts.create(aContactListDraft('Brand_contact_keyed', rows, 'crm'));
      const again = await contacts.create(aContactListDraft('Brand_contact_keyed', rows, 'crm'));

      expect(created.list.createdBy).to.equal('crm');
      expect(again).to.deep.equal({ status: 'exists', list: created.list, sameRows: true });
      expect((await contacts.findByName(named('Brand_contact_keyed', 'crm')))?.createdBy).to.equal('crm');
    });

    it('answers null for a name it does not hold', async function () {
      expect(await contacts.findByName(named('Brand_contact_missing'))).to.equal(null);
    });

    it('stores nothing and answers exists, not the same rows, when the name holds other rows', async function () {
      const first = someContactRows(3, 1);
      await contacts.create(aContactListDraft('Brand_contact_taken', first));

      const result = await contacts.create(aContactListDraft('Brand_contact_taken', someContactRows(7, 2)));

      expect(result).to.deep.equal({
        status: 'exists',
        list: { name: 'Brand_contact_taken', rowCount: 3, createdAt, createdBy: null },
        sameRows: false,
      });
      expect((await contacts.findByName(named('Brand_contact_taken')))?.rows).to.deep.equal(first);
    });

    it('answers exists with the same rows when the name holds equal rows', async function () {
      await contacts.create(aContactListDraft('Brand_contact_again', someContactRows(5)));

      const result = await contacts.create(aContactListDraft('Brand_contact_again', someContactRows(5)));

      expect(result).to.deep.equal({
        status: 'exists',
        list: { name: 'Brand_contact_again', rowCount: 5, createdAt, createdBy: null },
        sameRows: true,
      });
    });

    const variations: [string, (rows: ContactRow[]) => ContactRow[]][] = [
      ['in another order', (rows) => [...rows].reverse()],
      ['with one row fewer', (rows) => rows.slice(1)],
      ['with another name', (rows) => rows.map((row, index) => (index === 1 ? { ...row, name: 'Someone Else' } : row))],
      ['without a name', (rows) => rows.map((row, index) => (index === 0 ? { ...row, name: null } : row))],
      [
        'with a custom field of another type',
        (rows) =>
          rows.map((row, index) => (index === 2 ? { ...row, otherDetails: { ...row.otherDetails, age: '22' } } : row)),
      ],
      [
        'with a nested custom value changed',
        (rows) =>
          rows.map((row, index) =>
            index === 2
              ? { ...row, otherDetails: { ...row.otherDetails, address: { city: 'Zurich', lines: [], empty: {} } } }
              : row,
          ),
      ],
    ];
    for (const [how, vary] of variations) {
      it(`tells rows ${how} from the stored ones`, async function () {
        const rows = someContactRows(4);
        await contacts.create(aContactListDraft('Brand_contact_varied', rows));

        const result = await contacts.create(aContactListDraft('Brand_contact_varied', vary(rows)));

        expect(result).to.deep.include({ status: 'exists', sameRows: false });
      });
    }

    it('counts custom fields with their keys in another order as the same rows', async function () {
      const rows = someContactRows(3);
      await contacts.create(aContactListDraft('Brand_contact_keys', rows));
      const reordered = rows.map((row) => ({
        otherDetails: Object.fromEntries(Object.entries(row.otherDetails).reverse()),
        name: row.name,
        phoneNumber: row.phoneNumber,
      }));

      const result = await contacts.create(aContactListDraft('Brand_contact_keys', reordered));

      expect(result).to.deep.include({ status: 'exists', sameRows: true });
    });

    it('treats names that differ only in case as different lists', async function () {
      await contacts.create(aContactListDraft('Brand_contact_Case', someContactRows(1, 1)));

      const result = await contacts.create(aContactListDraft('Brand_contact_case', someContactRows(2, 2)));

      expect(result.status).to.equal('created');
      expect((await contacts.findByName(named('Brand_contact_Case')))?.rowCount).to.equal(1);
      expect((await contacts.findByName(named('Brand_contact_case')))?.rowCount).to.equal(2);
    });

    it('creates exactly one list when many callers create one name at once', async function () {
      const drafts = Array.from({ length: 8 }, (_, seed) =>
        aContactListDraft('Brand_contact_race', someContactRows(50 + (seed % 4), seed % 4)),
      );

      const results = await Promise.all(drafts.map((draft) => contacts.create(draft)));

      expectOneCreated(results, drafts, (await contacts.findByName(named('Brand_contact_race')))?.rows);
    });

    it('hands out copies: changing a found list changes nothing stored', async function () {
      const rows = someContactRows(2);
      await contacts.create(aContactListDraft('Brand_contact_copy', rows));

      const found = await contacts.findByName(named('Brand_contact_copy'));
      const firstRow = found?.rows[0] as { otherDetails: { tags: unknown[] } } | undefined;
      firstRow?.otherDetails.tags.push('changed');

      expect((await contacts.findByName(named('Brand_contact_copy')))?.rows).to.deep.equal(rows);
    });

    it('removes a list with its rows, which frees the name', async function () {
      await contacts.create(aContactListDraft('Brand_contact_gone', someContactRows(4, 1)));

      expect(await contacts.remove(named('Brand_contact_gone'))).to.equal('removed');

      expect(await contacts.findByName(named('Brand_contact_gone'))).to.equal(null);
      const again = await contacts.create(aContactListDraft('Brand_contact_gone', someContactRows(2, 2)));
      expect(again.status).to.equal('created');
    });

    it('answers absent when removing a name it does not hold', async function () {
      expect(await contacts.remove(named('Brand_contact_never'))).to.equal('absent');
    });

    it('keeps a list that a campaign uses and answers in-use', async function () {
      const rows = someContactRows(3);
      await contacts.create(aContactListDraft('Brand_contact_used', rows));
      await ports.campaigns.upload(aCampaignDraft('Brand_campaign_used', 'Brand_contact_used', rows));

      expect(await contacts.remove(named('Brand_contact_used'))).to.equal('in-use');

      expect((await contacts.findByName(named('Brand_contact_used')))?.rows).to.deep.equal(rows);
    });

    it('keeps a list stored at or after createdBefore and answers too-recent', async function () {
      await contacts.create(aContactListDraft('Brand_contact_young', someContactRows(2)));

      expect(await contacts.remove(named('Brand_contact_young'), { createdBefore: createdAt })).to.equal('too-recent');
      expect(await contacts.findByName(named('Brand_contact_young'))).to.have.property('rowCount', 2);

      const justAfter = new Date(createdAt.getTime() + 1);
      expect(await contacts.remove(named('Brand_contact_young'), { createdBefore: justAfter })).to.equal('removed');
      expect(await contacts.findByName(named('Brand_contact_young'))).to.equal(null);
    });

    it('answers in-use, not too-recent, for a recent list a campaign uses', async function () {
      const rows = someContactRows(1);
      await contacts.create(aContactListDraft('Brand_contact_busy', rows));
      await ports.campaigns.upload(aCampaignDraft('Brand_campaign_busy', 'Brand_contact_busy', rows));

      expect(await contacts.remove(named('Brand_contact_busy'), { createdBefore: createdAt })).to.equal('in-use');
    });

    it('finds the lists no campaign uses stored before a moment, oldest first, up to a limit', async function () {
      const at = (name: string, rows: ContactRow[], afterMs: number) => {
        clock.advance(afterMs);
        return contacts.create(aContactListDraft(name, rows));
      };
      await at('Brand_contact_second', someContactRows(2, 2), 0);
      clock.advance(-60_000);
      await at('Brand_contact_first', someContactRows(1, 1), 0);
      const used = someContactRows(3, 3);
      await at('Brand_contact_used', used, 30_000);
      await ports.campaigns.upload(aCampaignDraft('Brand_campaign_used', 'Brand_contact_used', used));
      await at('Brand_contact_latest', someContactRows(4, 4), 90_000);
      const before = (ms: number) => new Date(createdAt.getTime() + ms);

      expect(await contacts.findWithoutCampaign({ createdBefore: before(60_000), limit: 10 })).to.deep.equal([
        { name: 'Brand_contact_first', rowCount: 1, createdAt: before(-60_000), createdBy: null },
        { name: 'Brand_contact_second', rowCount: 2, createdAt, createdBy: null },
      ]);
      expect(await contacts.findWithoutCampaign({ createdBefore: before(60_001), limit: 10 })).to.have.length(3);
      expect(
        (await contacts.findWithoutCampaign({ createdBefore: before(60_001), limit: 1 })).map((list) => list.name),
      ).to.deep.equal(['Brand_contact_first']);
      expect(await contacts.findWithoutCampaign({ createdBefore: before(-60_000), limit: 10 })).to.deep.equal([]);
    });

    it('never reads half of a list while it is being removed', async function () {
      const rows = someContactRows(2_000);
      for (let round = 0; round < 5; round += 1) {
        await contacts.create(aContactListDraft('Brand_contact_fleeting', rows));

        const [removal, ...found] = await Promise.all([
          contacts.remove(named('Brand_contact_fleeting')),
          ...Array.from({ length: 6 }, () => contacts.findByName(named('Brand_contact_fleeting'))),
        ]);

        expect(removal).to.equal('removed');
        for (const list of found) if (list !== null) expect(list.rows).to.deep.equal(rows);
      }
    });

    describe('names per owner', function () {
      const NAME = 'Brand_contact_shared';

      it('stores a list of one name for each owner, null being an owner of its own', async function () {
        const rows = { crm: someContactRows(2, 1), ops: someContactRows(3, 2), none: someContactRows(4, 3) };

        const results = [
          await contacts.create(aContactListDraft(NAME, rows.crm, 'crm')),
          await contacts.create(aContactListDraft(NAME, rows.ops, 'ops')),
          await contacts.create(aContactListDraft(NAME, rows.none)),
        ];

        expect(results.map((result) => result.status)).to.deep.equal(['created', 'created', 'created']);
        expect(await contacts.findByName(named(NAME, 'crm'))).to.deep.equal({
          name: NAME,
          rowCount: 2,
          createdAt,
          createdBy: 'crm',
          rows: rows.crm,
        });
        expect((await contacts.findByName(named(NAME, 'ops')))?.rows).to.deep.equal(rows.ops);
        expect((await contacts.findByName(named(NAME)))?.rows).to.deep.equal(rows.none);
        expect(await contacts.findByName(named(NAME, 'dialer'))).to.equal(null);
      });

      it("answers exists for the owner's own list only: another owner's rows never replay nor conflict", async function () {
        const rows = someContactRows(3);
        const crm = await contacts.create(aContactListDraft(NAME, rows, 'crm'));

        const sameRowsByOps = await contacts.create(aContactListDraft(NAME, rows, 'ops'));
        const otherRowsByNone = await contacts.create(aContactListDraft(NAME, someContactRows(5, 2)));
        const sameRowsByCrm = await contacts.create(aContactListDraft(NAME, rows, 'crm'));
        const otherRowsByCrm = await contacts.create(aContactListDraft(NAME, someContactRows(5, 2), 'crm'));

        expect(sameRowsByOps).to.deep.equal({
          status: 'created',
          list: { name: NAME, rowCount: 3, createdAt, createdBy: 'ops' },
        });
        expect(otherRowsByNone.status).to.equal('created');
        expect(sameRowsByCrm).to.deep.equal({ status: 'exists', list: crm.list, sameRows: true });
        expect(otherRowsByCrm).to.deep.equal({ status: 'exists', list: crm.list, sameRows: false });
      });

      it("reads the owner's own list only: its summary, its campaign, its pages", async function () {
        const crmRows = someContactRows(3, 1);
        const opsRows = someContactRows(5, 2);
        await contacts.create(aContactListDraft(NAME, crmRows, 'crm'));
        await ports.campaigns.upload(aCampaignDraft('Brand_campaign_shared', NAME, crmRows, 'crm'));
        await contacts.create(aContactListDraft(NAME, opsRows, 'ops'));

        expect(await contacts.findOverview(named(NAME, 'crm'))).to.include({
          rowCount: 3,
          createdBy: 'crm',
          campaignName: 'Brand_campaign_shared',
        });
        expect(await contacts.findOverview(named(NAME, 'ops'))).to.include({
          rowCount: 5,
          createdBy: 'ops',
          campaignName: null,
        });
        const page = await contacts.readRows(named(NAME, 'ops'), { fromPosition: 1, limit: 10 });
        expect(page).to.deep.equal({
          summary: { name: NAME, rowCount: 5, createdAt, createdBy: 'ops' },
          rows: opsRows.slice(1),
        });
        for (const stranger of [named(NAME, 'dialer'), named(NAME)]) {
          expect(await contacts.findOverview(stranger)).to.equal(null);
          expect(await contacts.readRows(stranger, { fromPosition: 0, limit: 10 })).to.equal(null);
        }
      });

      it("removes the owner's own list only, whatever campaign another owner built on its list", async function () {
        const rows = someContactRows(2);
        await contacts.create(aContactListDraft(NAME, rows, 'crm'));
        await ports.campaigns.upload(aCampaignDraft('Brand_campaign_shared', NAME, rows, 'crm'));
        await contacts.create(aContactListDraft(NAME, rows, 'ops'));

        expect(await contacts.remove(named(NAME, 'dialer'))).to.equal('absent');
        expect(await contacts.remove(named(NAME))).to.equal('absent');
        expect(await contacts.remove(named(NAME, 'crm'))).to.equal('in-use');
        expect(await contacts.remove(named(NAME, 'ops'))).to.equal('removed');

        expect(await contacts.findByName(named(NAME, 'ops'))).to.equal(null);
        expect((await contacts.findByName(named(NAME, 'crm')))?.rows).to.deep.equal(rows);
        expect((await contacts.create(aContactListDraft(NAME, rows, 'ops'))).status).to.equal('created');
      });

      it('finds the lists of every owner left without a campaign, each with its owner', async function () {
        const rows = someContactRows(1);
        await contacts.create(aContactListDraft(NAME, rows, 'crm'));
        await ports.campaigns.upload(aCampaignDraft('Brand_campaign_shared', NAME, rows, 'crm'));
        clock.advance(1);
        await contacts.create(aContactListDraft(NAME, rows, 'ops'));
        clock.advance(1);
        await contacts.create(aContactListDraft(NAME, rows));

        const found = await contacts.findWithoutCampaign({
          createdBefore: new Date(createdAt.getTime() + 60_000),
          limit: 10,
        });

        expect(found).to.deep.equal([
          { name: NAME, rowCount: 1, createdAt: new Date(createdAt.getTime() + 1), createdBy: 'ops' },
          { name: NAME, rowCount: 1, createdAt: new Date(createdAt.getTime() + 2), createdBy: null },
        ]);
      });

      it('creates exactly one list per owner when callers of two owners create one name at once', async function () {
        const owners = ['crm', 'ops'] as const;
        const drafts = Array.from({ length: 12 }, (_, seed) =>
          aContactListDraft(NAME, someContactRows(20 + (seed % 3), seed % 3), owners[seed % 2] ?? null),
        );

        const results = await Promise.all(drafts.map((draft) => contacts.create(draft)));

        for (const owner of owners) {
          const mine = (_: unknown, index: number) => drafts[index]?.createdBy === owner;
          expectOneCreated(
            results.filter(mine),
            drafts.filter(mine),
            (await contacts.findByName(named(NAME, owner)))?.rows,
          );
        }
      });
    });

    describe('reading back', function () {
      it("answers a list's summary with no campaign, then with the campaign built on it", async function () {
        const draft = aContactListDraft('Brand_contact_read', someContactRows(3), 'crm');
        await contacts.create(draft);
        const summary = { name: 'Brand_contact_read', rowCount: 3, createdAt, createdBy: 'crm' };

        expect(await contacts.findOverview(draft)).to.deep.equal({ ...summary, campaignName: null });
        await ports.campaigns.upload(aCampaignDraft('Brand_campaign_read', draft.name, draft.rows, 'crm'));
        expect(await contacts.findOverview(draft)).to.deep.equal({
          ...summary,
          campaignName: 'Brand_campaign_read',
        });
      });

      it('answers null for a list it does not hold, names compared with case', async function () {
        await contacts.create(aContactListDraft('Brand_contact_Case', someContactRows(1)));

        expect(await contacts.findOverview(named('Brand_contact_case'))).to.equal(null);
        expect(await contacts.readRows(named('Brand_contact_case'), { fromPosition: 0, limit: 10 })).to.equal(null);
      });

      for (const pageSize of [1_000, 7]) {
        it(`reads 2,500 rows back in pages of ${pageSize}, each after the last, in stored order`, async function () {
          const rows = someContactRows(2_500);
          await contacts.create(aContactListDraft('Brand_contact_paged', rows));

          const read = await readEveryPage((query) => contacts.readRows(named('Brand_contact_paged'), query), pageSize);

          expect(read.rows).to.deep.equal(rows);
          expect(read.pages).to.equal(Math.ceil(2_500 / pageSize));
          for (const summary of read.summaries) {
            expect(summary).to.deep.equal({ name: 'Brand_contact_paged', rowCount: 2_500, createdAt, createdBy: null });
          }
        });
      }

      it('reads a page from any position, and none past the end', async function () {
        const rows = someContactRows(20);
        await contacts.create(aContactListDraft('Brand_contact_middle', rows));

        expect(
          (await contacts.readRows(named('Brand_contact_middle'), { fromPosition: 13, limit: 5 }))?.rows,
        ).to.deep.equal(rows.slice(13, 18));
        expect(
          (await contacts.readRows(named('Brand_contact_middle'), { fromPosition: 18, limit: 5 }))?.rows,
        ).to.deep.equal(rows.slice(18));
        expect(
          (await contacts.readRows(named('Brand_contact_middle'), { fromPosition: 20, limit: 5 }))?.rows,
        ).to.deep.equal([]);
      });

      it('gives custom fields back exactly: nesting, unicode, escapes, numbers at the edges', async function () {
        const rows = rowsThatMustSurviveExactly();
        await contacts.create(aContactListDraft('Brand_contact_exact', rows));

        const page = await contacts.readRows(named('Brand_contact_exact'), { fromPosition: 0, limit: 10 });

        expect(page?.rows).to.deep.equal(rows);
        expect(page?.rows.map((row) => JSON.stringify(row.otherDetails))).to.deep.equal(
          rows.map((row) => JSON.stringify(row.otherDetails)),
        );
      });

      it('reads a page whole while another list is being written', async function () {
        const rows = someContactRows(2_500, 1);
        await contacts.create(aContactListDraft('Brand_contact_steady', rows));

        const [written, page] = await Promise.all([
          contacts.create(aContactListDraft('Brand_contact_busy', someContactRows(5_000, 2))),
          contacts.readRows(named('Brand_contact_steady'), { fromPosition: 1_000, limit: 1_000 }),
        ]);

        expect(written.status).to.equal('created');
        expect(page?.rows).to.deep.equal(rows.slice(1_000, 2_000));
        expect(page?.summary.rowCount).to.equal(2_500);
      });

      it('hands out copies: changing a page changes nothing stored', async function () {
        const rows = someContactRows(2);
        await contacts.create(aContactListDraft('Brand_contact_page_copy', rows));
        const page = await contacts.readRows(named('Brand_contact_page_copy'), { fromPosition: 0, limit: 2 });
        (page?.rows[0]?.otherDetails as Record<string, unknown>).email = 'changed';

        expect(
          (await contacts.readRows(named('Brand_contact_page_copy'), { fromPosition: 0, limit: 2 }))?.rows,
        ).to.deep.equal(someContactRows(2));
      });
    });
  });
}
