import { ContactListNotFoundError, type ContactRow } from '@outbound/domain';
import {
  aCampaignDraft,
  aContactListDraft,
  aFixedClock,
  campaignRunsContract,
  campaignUploaderContract,
  contactRepositoryContract,
  named,
  someContactRows,
  type MakePorts,
} from '@outbound/port-contracts';
import { expect } from 'chai';
import {
  KnexCampaignRuns,
  KnexCampaignUploader,
  KnexContactRepository,
  migrateToLatest,
  pendingMigrations,
} from '../src/index.js';
import { describeOnEachDatabase, emptyTables } from '../testing/index.js';

describeOnEachDatabase(
  (label) => `knex adapters on ${label}`,
  (database, label) => {
    const makePorts: MakePorts = async ({ clock }) => {
      await emptyTables(database().knex);
      return {
        contacts: new KnexContactRepository(database().knex, clock),
        campaigns: new KnexCampaignUploader(database().knex, clock),
        dispose: async () => undefined,
      };
    };

    contactRepositoryContract(`knex on ${label}`, makePorts);
    campaignUploaderContract(`knex on ${label}`, makePorts);
    campaignRunsContract(`knex on ${label}`, async (options) => ({
      ...(await makePorts(options)),
      runs: new KnexCampaignRuns(database().knex),
    }));

    describe('beyond the port contracts', function () {
      beforeEach(async function () {
        await emptyTables(database().knex);
      });

      it('has nothing left to migrate, and migrating again applies nothing', async function () {
        expect(await pendingMigrations(database().knex)).to.deep.equal([]);
        expect(await migrateToLatest(database().knex)).to.deep.equal([]);
      });

      it('records the time of the clock it is given, to the millisecond, on the list and the campaign', async function () {
        const clock = aFixedClock('2026-03-04T05:06:07.089Z');
        const rows = someContactRows(2);
        await new KnexContactRepository(database().knex, clock).create(aContactListDraft('Brand_contact_timed', rows));
        await new KnexCampaignUploader(database().knex, clock).upload(
          aCampaignDraft('Brand_campaign_timed', 'Brand_contact_timed', rows),
        );

        const recorded = await Promise.all(
          ['contact_lists', 'campaigns'].map((table) =>
            database().knex(table).first<{ at: number | string }>('created_at_ms as at'),
          ),
        );

        expect(recorded.map((record) => Number(record?.at))).to.deep.equal([
          Date.parse('2026-03-04T05:06:07.089Z'),
          Date.parse('2026-03-04T05:06:07.089Z'),
        ]);
      });

      it('stores nothing of a list whose rows fail halfway', async function () {
        const rows = someContactRows(3_000);
        const repeated: ContactRow[] = [...rows, rows[0] as ContactRow];
        const contacts = new KnexContactRepository(database().knex);

        const failure = await contacts
          .create(aContactListDraft('Brand_contact_half', repeated))
          .catch((error: unknown) => error);

        // The database's own refusal of the repeated number, not a name conflict.
        expect(String(failure)).to.match(/unique|duplicate/i);
        expect(await contacts.findByName(named('Brand_contact_half'))).to.equal(null);
        expect(await database().knex('contacts').count({ count: '*' })).to.deep.equal([{ count: 0 }]);
      });

      it('stores nothing of a campaign whose rows fail halfway', async function () {
        const rows = someContactRows(3_000);
        const contacts = new KnexContactRepository(database().knex);
        const campaigns = new KnexCampaignUploader(database().knex);
        await contacts.create(aContactListDraft('Brand_contact_base', rows));

        const failure = await campaigns
          .upload(aCampaignDraft('Brand_campaign_half', 'Brand_contact_base', [...rows, rows[1] as ContactRow]))
          .catch((error: unknown) => error);

        expect(String(failure)).to.match(/unique|duplicate/i);
        expect(failure).not.to.be.instanceOf(ContactListNotFoundError);
        expect(await campaigns.findByName(named('Brand_campaign_half'))).to.equal(null);
        expect(await database().knex('campaign_rows').count({ count: '*' })).to.deep.equal([{ count: 0 }]);
      });

      it('keeps large custom fields and every kind of character exactly', async function () {
        const rows: ContactRow[] = [
          {
            phoneNumber: '+14155550100',
            name: 'Zoë 🙂 O\'Brien "quoted" \\ back',
            otherDetails: {
              notes: 'x'.repeat(200_000),
              big: 9_007_199_254_740_991,
              small: -0.000001,
              text: 'line\nbreak\ttab \u0000 nul',
              emoji: '👩🏽‍💻',
              nested: { deeper: [{ deepest: [null, true, 1.5] }] },
            },
          },
        ];
        const contacts = new KnexContactRepository(database().knex);
        await contacts.create(aContactListDraft('Brand_contact_exact', rows));

        expect((await contacts.findByName(named('Brand_contact_exact')))?.rows).to.deep.equal(rows);
      });
    });
  },
);
