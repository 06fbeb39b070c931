import { CreateContactAndCampaign, SweepOrphanedContactLists, type Logger } from '@outbound/domain';
import {
  aCampaignDraft,
  aContactListDraft,
  aFixedClock,
  aSpecExampleRequest,
  named,
  someContactRows,
} from '@outbound/port-contracts';
import { expect } from 'chai';
import sinon from 'sinon';
import { InMemoryCampaignUploader, InMemoryContactRepository, InMemoryStore } from '../src/index.js';

const MINUTE = 60_000;

function world() {
  const clock = aFixedClock('2026-11-26T12:00:00.000Z');
  const store = new InMemoryStore();
  const contacts = new InMemoryContactRepository(store, clock);
  const campaigns = new InMemoryCampaignUploader(store, clock);
  const logger = { info: sinon.spy(), warn: sinon.spy(), error: sinon.spy() } satisfies Logger;
  const sweep = new SweepOrphanedContactLists(contacts, clock, { graceMs: 10 * MINUTE, logger });
  return { clock, store, contacts, campaigns, logger, sweep };
}

describe('SweepOrphanedContactLists', function () {
  it('removes the lists without a campaign older than the grace period, and only those', async function () {
    const { clock, contacts, campaigns, logger, sweep } = world();
    await contacts.create(aContactListDraft('Brand_contact_orphan', someContactRows(3, 1)));
    const used = someContactRows(2, 2);
    await contacts.create(aContactListDraft('Brand_contact_paired', used));
    await campaigns.upload(aCampaignDraft('Brand_campaign_paired', 'Brand_contact_paired', used));
    clock.advance(5 * MINUTE);
    await contacts.create(aContactListDraft('Brand_contact_waiting', someContactRows(1, 3)));
    clock.advance(5 * MINUTE + 1);

    const report = await sweep.run();

    expect(report).to.deep.equal({
      lists: [
        { name: 'Brand_contact_orphan', rowCount: 3, createdAt: new Date('2026-11-26T12:00:00.000Z'), createdBy: null },
      ],
      dryRun: false,
    });
    expect(await contacts.findByName(named('Brand_contact_orphan'))).to.equal(null);
    expect(await contacts.findByName(named('Brand_contact_paired'))).not.to.equal(null);
    expect(await contacts.findByName(named('Brand_contact_waiting'))).not.to.equal(null);
    expect(
      logger.warn.calledOnceWith('removed a contact list left without a campaign', {
        contactListName: 'Brand_contact_orphan',
        createdBy: null,
        rowCount: 3,
        ageMs: 10 * MINUTE + 1,
      }),
    ).to.equal(true);
  });

  it("removes one owner's orphan and keeps another owner's list of the same name with its campaign", async function () {
    const { clock, contacts, campaigns, logger, sweep } = world();
    const rows = someContactRows(2);
    await contacts.create(aContactListDraft('Brand_contact_shared', rows, 'crm'));
    await campaigns.upload(aCampaignDraft('Brand_campaign_shared', 'Brand_contact_shared', rows, 'crm'));
    await contacts.create(aContactListDraft('Brand_contact_shared', rows, 'ops'));
    clock.advance(11 * MINUTE);

    const report = await sweep.run();

    expect(report.lists.map(({ createdBy, name }) => ({ createdBy, name }))).to.deep.equal([
      named('Brand_contact_shared', 'ops'),
    ]);
    expect(await contacts.findByName(named('Brand_contact_shared', 'ops'))).to.equal(null);
    expect((await contacts.findByName(named('Brand_contact_shared', 'crm')))?.rows).to.deep.equal(rows);
    expect(logger.warn.firstCall.args[1]).to.deep.include({
      contactListName: 'Brand_contact_shared',
      createdBy: 'ops',
    });
  });

  it('in a dry run reports what it would remove and removes nothing', async function () {
    const { clock, contacts, sweep } = world();
    await contacts.create(aContactListDraft('Brand_contact_orphan', someContactRows(3)));
    clock.advance(11 * MINUTE);

    const report = await sweep.run({ dryRun: true });

    expect(report.dryRun).to.equal(true);
    expect(report.lists.map((list) => list.name)).to.deep.equal(['Brand_contact_orphan']);
    expect(await contacts.findByName(named('Brand_contact_orphan'))).not.to.equal(null);
  });

  it('removes more lists than fit in one round', async function () {
    const { clock, contacts, store, sweep } = world();
    for (let index = 0; index < 250; index += 1) {
      await contacts.create(aContactListDraft(`Brand_contact_${index}`, someContactRows(1, index)));
    }
    clock.advance(11 * MINUTE);

    expect((await sweep.run()).lists).to.have.length(250);
    expect(store.contactLists.size).to.equal(0);
  });

  it('keeps a list whose campaign arrives while the sweep runs', async function () {
    const { clock, contacts, campaigns, sweep } = world();
    const rows = someContactRows(2);
    await contacts.create(aContactListDraft('Brand_contact_late', rows));
    await contacts.create(aContactListDraft('Brand_contact_orphan', someContactRows(1, 9)));
    clock.advance(11 * MINUTE);
    const find = contacts.findWithoutCampaign.bind(contacts);
    sinon.stub(contacts, 'findWithoutCampaign').callsFake(async (query) => {
      const found = await find(query);
      // The retry of an interrupted request completes the pair between the look-up and the removal.
      await campaigns.upload(aCampaignDraft('Brand_campaign_late', 'Brand_contact_late', rows));
      return found;
    });

    const report = await sweep.run();

    expect(report.lists.map((list) => list.name)).to.deep.equal(['Brand_contact_orphan']);
    expect((await contacts.findByName(named('Brand_contact_late')))?.rows).to.deep.equal(rows);
  });
});

describe('CreateContactAndCampaign after a sweep', function () {
  it('stores the list again when a sweep removed it just before its campaign', async function () {
    const { contacts, campaigns } = world();
    const useCase = new CreateContactAndCampaign(contacts, campaigns, { brand: 'VoiceGenie' });
    const upload = campaigns.upload.bind(campaigns);
    const stub = sinon.stub(campaigns, 'upload').callThrough();
    stub.onFirstCall().callsFake(async (draft) => {
      await contacts.remove({ createdBy: draft.createdBy, name: draft.contactListName });
      return upload(draft);
    });

    const outcome = await useCase.execute(aSpecExampleRequest());

    expect(outcome).to.deep.include({ code: 'succeeded', replayed: false });
    expect(stub.callCount).to.equal(2);
    expect(await contacts.findByName(named('VoiceGenie_contact_quick_outreach_001'))).to.have.property('rowCount', 2);
    expect(await campaigns.findByName(named('VoiceGenie_campaign_quick_outreach_001'))).to.have.property('rowCount', 2);
  });
});
