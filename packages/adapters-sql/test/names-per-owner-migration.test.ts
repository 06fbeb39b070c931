import type { ContactRow } from '@outbound/domain';
import { aContactListDraft, named, someContactRows } from '@outbound/port-contracts';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { KnexCampaignUploader, KnexContactRepository } from '../src/index.js';
import { migrateUpTo } from '../src/outbound-migrations.js';
import { isUniqueViolation } from '../src/sql-errors.js';
import { describeOnEachDatabase } from '../testing/index.js';

const STORED_AT = Date.parse('2026-01-02T03:04:05.678Z');

/** Stores a list, and a campaign over it unless `campaignName` is null, as the schema before migration 0005 had them. */
async function storeAsBefore(
  knex: Knex,
  {
    listName,
    campaignName,
    createdBy,
    rows,
  }: {
    listName: string;
    campaignName: string | null;
    createdBy: string | null;
    rows: readonly ContactRow[];
  },
): Promise<void> {
  const rowValues = rows.map((row, position) => ({
    position,
    phone_number: row.phoneNumber,
    name: row.name,
    other_details: JSON.stringify(row.otherDetails),
  }));
  const [listId] = await knex('contact_lists').insert({
    name: listName,
    row_count: rows.length,
    created_at_ms: STORED_AT,
    created_by: createdBy,
  });
  await knex('contacts').insert(rowValues.map((row) => ({ contact_list_id: listId, ...row })));
  if (campaignName === null) return;
  const [campaignId] = await knex('campaigns').insert({
    name: campaignName,
    contact_list_id: listId,
    status: 'not-yet-started',
    row_count: rows.length,
    created_at_ms: STORED_AT,
    created_by: createdBy,
  });
  await knex('campaign_rows').insert(rowValues.map((row) => ({ campaign_id: campaignId, ...row })));
}

describeOnEachDatabase(
  (label) => `migration 0005-names-per-owner on ${label}, over lists and campaigns stored before it`,
  (database) => {
    const unownedRows = someContactRows(3, 1);
    const crmRows = someContactRows(2, 2);
    let applied: string[] = [];
    let contacts: KnexContactRepository;
    let campaigns: KnexCampaignUploader;

    before(async function () {
      const { knex } = database();
      await storeAsBefore(knex, {
        listName: 'Brand_contact_unowned',
        campaignName: 'Brand_campaign_unowned',
        createdBy: null,
        rows: unownedRows,
      });
      await storeAsBefore(knex, {
        listName: 'Brand_contact_keyed',
        campaignName: 'Brand_campaign_keyed',
        createdBy: 'crm',
        rows: crmRows,
      });
      await storeAsBefore(knex, {
        listName: 'Brand_contact_orphan',
        campaignName: null,
        createdBy: 'crm',
        rows: crmRows,
      });
      applied = await migrateUpTo(knex, '0005-names-per-owner');
      contacts = new KnexContactRepository(knex);
      campaigns = new KnexCampaignUploader(knex);
    });

    it('applies only itself', function () {
      expect(applied).to.deep.equal(['0005-names-per-owner']);
    });

    it('keeps what was stored without a key as no one’s: read without a key, never by one', async function () {
      expect(await contacts.findByName(named('Brand_contact_unowned'))).to.deep.equal({
        name: 'Brand_contact_unowned',
        rowCount: 3,
        createdAt: new Date(STORED_AT),
        createdBy: null,
        rows: unownedRows,
      });
      expect(await campaigns.findSummary(named('Brand_campaign_unowned'))).to.include({
        contactListName: 'Brand_contact_unowned',
        createdBy: null,
      });
      expect(await contacts.findByName(named('Brand_contact_unowned', 'crm'))).to.equal(null);
      expect(await campaigns.findSummary(named('Brand_campaign_unowned', 'crm'))).to.equal(null);
    });

    it('keeps what a key stored as that key’s own', async function () {
      expect((await contacts.findByName(named('Brand_contact_keyed', 'crm')))?.rows).to.deep.equal(crmRows);
      expect(await contacts.findOverview(named('Brand_contact_keyed', 'crm'))).to.include({
        createdBy: 'crm',
        campaignName: 'Brand_campaign_keyed',
      });
      expect((await campaigns.findByName(named('Brand_campaign_keyed', 'crm')))?.rows).to.deep.equal(crmRows);
      expect(await contacts.findByName(named('Brand_contact_keyed'))).to.equal(null);
      const listed = async (createdBy: string | null) =>
        (await campaigns.findNewestFirst({ createdBy, limit: 10 })).map((campaign) => campaign.name);
      expect(await listed('crm')).to.deep.equal(['Brand_campaign_keyed']);
      expect(await listed(null)).to.deep.equal(['Brand_campaign_unowned']);
    });

    it('finds a list left without a campaign under its owner, who alone removes it', async function () {
      const found = await contacts.findWithoutCampaign({ createdBefore: new Date(STORED_AT + 1), limit: 10 });

      expect(found.map(({ createdBy, name }) => ({ createdBy, name }))).to.deep.equal([
        named('Brand_contact_orphan', 'crm'),
      ]);
      expect(await contacts.remove(named('Brand_contact_orphan'))).to.equal('absent');
      expect(await contacts.remove(named('Brand_contact_orphan', 'crm'))).to.equal('removed');
    });

    it('lets another owner take a name stored before, and its owner still only replay or conflict', async function () {
      const byOps = await contacts.create(aContactListDraft('Brand_contact_keyed', someContactRows(1, 9), 'ops'));
      const byCrm = await contacts.create(aContactListDraft('Brand_contact_keyed', someContactRows(1, 9), 'crm'));
      const unownedAgain = await contacts.create(aContactListDraft('Brand_contact_unowned', unownedRows));

      expect(byOps.status).to.equal('created');
      expect(byCrm).to.deep.include({ status: 'exists', sameRows: false });
      expect(unownedAgain).to.deep.include({ status: 'exists', sameRows: true });
    });

    it('refuses a second list or campaign of one owner and name in the database itself, no owner included', async function () {
      const { knex } = database();
      const [list] = await knex('contact_lists').select<{ id: number }[]>('id').where('name', 'Brand_contact_unowned');
      const again = (table: string, record: Record<string, unknown>) =>
        knex(table)
          .insert({ row_count: 0, created_at_ms: STORED_AT, ...record })
          .then(
            () => null,
            (error: unknown) => error,
          );

      for (const owner of ['', 'crm']) {
        const name = owner === '' ? 'Brand_contact_unowned' : 'Brand_contact_keyed';
        expect(isUniqueViolation(await again('contact_lists', { owner, name })), name).to.equal(true);
        const campaign = owner === '' ? 'Brand_campaign_unowned' : 'Brand_campaign_keyed';
        const record = { owner, name: campaign, contact_list_id: list?.id, status: 'not-yet-started' };
        expect(isUniqueViolation(await again('campaigns', record)), campaign).to.equal(true);
      }
    });
  },
  { migratedTo: '0004-campaigns-newest-first' },
);
