import { expect } from 'chai';
import type { ContactRepository } from '../src/index.js';
import { aCampaignDraft, aContactListDraft, someContactRows } from './contact-rows-mother.js';
import type { MakePorts, PortsFixture } from './ports-fixture.js';

/** The TSDoc contract of {@link ContactRepository}, run against one adapter. */
export function contactRepositoryContract(adapterName: string, makePorts: MakePorts): void {
  describe(`ContactRepository contract: ${adapterName}`, function () {
    let ports: PortsFixture;
    let contacts: ContactRepository;

    beforeEach(async function () {
      ports = await makePorts();
      contacts = ports.contacts;
    });
    afterEach(async function () {
      await ports.dispose();
    });

    it('stores a new list with every row, in order, and answers created', async function () {
      const rows = someContactRows(1_234);
      const draft = await aContactListDraft('Brand_contact_first', rows);

      const result = await contacts.create(draft);

      expect(result).to.deep.equal({
        status: 'created',
        list: { name: 'Brand_contact_first', rowCount: 1_234, rowsDigest: draft.rowsDigest },
      });
      const stored = await contacts.findByName('Brand_contact_first');
      expect(stored?.rows).to.deep.equal(rows);
      expect(stored?.rowCount).to.equal(1_234);
    });

    it('answers null for a name it does not hold', async function () {
      expect(await contacts.findByName('Brand_contact_missing')).to.equal(null);
    });

    it('stores nothing and answers exists, with the stored summary, when the name is taken', async function () {
      const first = await aContactListDraft('Brand_contact_taken', someContactRows(3, 1));
      const second = await aContactListDraft('Brand_contact_taken', someContactRows(7, 2));
      await contacts.create(first);

      const result = await contacts.create(second);

      expect(result).to.deep.equal({
        status: 'exists',
        list: { name: 'Brand_contact_taken', rowCount: 3, rowsDigest: first.rowsDigest },
      });
      expect((await contacts.findByName('Brand_contact_taken'))?.rows).to.deep.equal(first.rows);
    });

    it('treats names that differ only in case as different lists', async function () {
      await contacts.create(await aContactListDraft('Brand_contact_Case', someContactRows(1, 1)));

      const result = await contacts.create(await aContactListDraft('Brand_contact_case', someContactRows(2, 2)));

      expect(result.status).to.equal('created');
      expect((await contacts.findByName('Brand_contact_Case'))?.rowCount).to.equal(1);
      expect((await contacts.findByName('Brand_contact_case'))?.rowCount).to.equal(2);
    });

    it('creates exactly one list when many callers create one name at once', async function () {
      const drafts = await Promise.all(
        Array.from({ length: 8 }, (_, seed) =>
          aContactListDraft('Brand_contact_race', someContactRows(50 + seed, seed)),
        ),
      );

      const results = await Promise.all(drafts.map((draft) => contacts.create(draft)));

      const created = results.filter((result) => result.status === 'created');
      expect(created).to.have.length(1);
      const winner = drafts.find((draft) => draft.rowsDigest === created[0]?.list.rowsDigest);
      for (const result of results) expect(result.list.rowsDigest).to.equal(winner?.rowsDigest);
      expect((await contacts.findByName('Brand_contact_race'))?.rows).to.deep.equal(winner?.rows);
    });

    it('hands out copies: changing a found list changes nothing stored', async function () {
      const rows = someContactRows(2);
      await contacts.create(await aContactListDraft('Brand_contact_copy', rows));

      const found = await contacts.findByName('Brand_contact_copy');
      const firstRow = found?.rows[0] as { otherDetails: { tags: unknown[] } } | undefined;
      firstRow?.otherDetails.tags.push('changed');

      expect((await contacts.findByName('Brand_contact_copy'))?.rows).to.deep.equal(rows);
    });

    it('removes a list with its rows, which frees the name', async function () {
      await contacts.create(await aContactListDraft('Brand_contact_gone', someContactRows(4, 1)));

      expect(await contacts.remove('Brand_contact_gone')).to.equal('removed');

      expect(await contacts.findByName('Brand_contact_gone')).to.equal(null);
      const again = await contacts.create(await aContactListDraft('Brand_contact_gone', someContactRows(2, 2)));
      expect(again.status).to.equal('created');
    });

    it('answers absent when removing a name it does not hold', async function () {
      expect(await contacts.remove('Brand_contact_never')).to.equal('absent');
    });

    it('keeps a list that a campaign uses and answers in-use', async function () {
      const rows = someContactRows(3);
      await contacts.create(await aContactListDraft('Brand_contact_used', rows));
      await ports.campaigns.upload(await aCampaignDraft('Brand_campaign_used', 'Brand_contact_used', rows));

      expect(await contacts.remove('Brand_contact_used')).to.equal('in-use');

      expect((await contacts.findByName('Brand_contact_used'))?.rows).to.deep.equal(rows);
    });
  });
}
