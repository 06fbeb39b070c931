import { CreateContactAndCampaign, type Logger } from '@outbound/domain';
import { aSpecExampleRequest, named, specExampleRows } from '@outbound/port-contracts';
import { expect } from 'chai';
import sinon from 'sinon';
import { InMemoryCampaignUploader, InMemoryContactRepository, InMemoryStore } from '../src/index.js';

function world(options: { maxRows?: number } = {}) {
  const store = new InMemoryStore();
  const contacts = new InMemoryContactRepository(store);
  const campaigns = new InMemoryCampaignUploader(store);
  const logger = { info: sinon.spy(), warn: sinon.spy(), error: sinon.spy() } satisfies Logger;
  const useCase = new CreateContactAndCampaign(contacts, campaigns, { brand: 'VoiceGenie', logger, ...options });
  return { store, contacts, campaigns, logger, useCase };
}

const spec = aSpecExampleRequest();
const specRows = specExampleRows();

const success = {
  code: 'succeeded',
  contactListName: 'VoiceGenie_contact_quick_outreach_001',
  campaignName: 'VoiceGenie_campaign_quick_outreach_001',
  rowsStored: 2,
  duplicatesSkipped: 0,
  replayed: false,
};

describe('CreateContactAndCampaign', function () {
  describe('on a valid request', function () {
    it('creates the named contact list and a not-yet-started campaign over the same rows', async function () {
      const { useCase, contacts, campaigns } = world();

      expect(await useCase.execute(spec)).to.deep.equal(success);

      const list = await contacts.findByName(named('VoiceGenie_contact_quick_outreach_001'));
      const campaign = await campaigns.findByName(named('VoiceGenie_campaign_quick_outreach_001'));
      expect(list?.rows).to.deep.equal(specRows);
      expect(campaign?.rows).to.deep.equal(specRows);
      expect(campaign).to.include({
        status: 'not-yet-started',
        contactListName: 'VoiceGenie_contact_quick_outreach_001',
      });
    });

    it('records the caller it is given on both parts, and replays to that caller', async function () {
      const { useCase, contacts, campaigns } = world();

      expect(await useCase.execute(spec, { createdBy: 'crm' })).to.deep.equal(success);
      expect(await useCase.execute(spec, { createdBy: 'crm' })).to.deep.equal({ ...success, replayed: true });

      expect((await contacts.findByName(named(success.contactListName, 'crm')))?.createdBy).to.equal('crm');
      expect((await campaigns.findByName(named(success.campaignName, 'crm')))?.createdBy).to.equal('crm');
      expect(await contacts.findByName(named(success.contactListName))).to.equal(null);
    });

    it("creates each caller's own pair under one identifier name, neither a replay nor a conflict", async function () {
      const { useCase, contacts, campaigns } = world();
      const other = { ...spec, userData: [{ phone_number: '919999999999' }] };

      expect(await useCase.execute(spec, { createdBy: 'crm' })).to.deep.equal(success);
      expect(await useCase.execute(spec, { createdBy: 'ops' })).to.deep.equal(success);
      expect(await useCase.execute(other, { createdBy: 'dialer' })).to.deep.equal({ ...success, rowsStored: 1 });
      expect(await useCase.execute(other)).to.deep.equal({ ...success, rowsStored: 1 });

      for (const [owner, rows] of [
        ['crm', specRows],
        ['ops', specRows],
        ['dialer', [{ phoneNumber: '+919999999999', name: null, otherDetails: {} }]],
        [null, [{ phoneNumber: '+919999999999', name: null, otherDetails: {} }]],
      ] as const) {
        expect((await contacts.findByName(named(success.contactListName, owner)))?.rows).to.deep.equal(rows);
        expect(await campaigns.findByName(named(success.campaignName, owner))).to.include({
          createdBy: owner,
          contactListName: success.contactListName,
        });
      }
    });

    it('refuses an empty caller name as a bug, not as a caller without a key', async function () {
      const { useCase, store } = world();

      const failure = await useCase.execute(spec, { createdBy: '' }).then(
        () => null,
        (error: unknown) => error,
      );

      expect(failure).to.be.instanceOf(RangeError);
      expect(store.contactLists.size).to.equal(0);
    });

    it('records no caller when it is given none', async function () {
      const { useCase, contacts, campaigns } = world();

      await useCase.execute(spec);

      expect((await contacts.findByName(named(success.contactListName)))?.createdBy).to.equal(null);
      expect((await campaigns.findByName(named(success.campaignName)))?.createdBy).to.equal(null);
    });

    it('stores each number once and reports how many repeats it skipped', async function () {
      const { useCase, contacts } = world();
      const request = { ...spec, userData: [...spec.userData, { phone_number: '+91 98765-43210', name: 'again' }] };

      expect(await useCase.execute(request)).to.deep.include({ rowsStored: 2, duplicatesSkipped: 1 });
      expect((await contacts.findByName(named(success.contactListName)))?.rows).to.deep.equal(specRows);
    });

    it('names both parts after the configured brand', async function () {
      const store = new InMemoryStore();
      const useCase = new CreateContactAndCampaign(
        new InMemoryContactRepository(store),
        new InMemoryCampaignUploader(store),
        {
          brand: 'Acme',
        },
      );

      expect(await useCase.execute(spec)).to.deep.include({
        contactListName: 'Acme_contact_quick_outreach_001',
        campaignName: 'Acme_campaign_quick_outreach_001',
      });
      expect([...store.contactLists.values(), ...store.campaigns.values()].map(({ name }) => name)).to.deep.equal([
        'Acme_contact_quick_outreach_001',
        'Acme_campaign_quick_outreach_001',
      ]);
    });
  });

  describe('on an invalid request', function () {
    it('answers invalid-command with every problem and writes nothing', async function () {
      const { useCase, store } = world();
      const create = sinon.spy(InMemoryContactRepository.prototype, 'create');
      try {
        const outcome = await useCase.execute({ identifierName: '', userData: [{ phone_number: 919876543210 }] });

        expect(outcome).to.deep.include({ code: 'invalid-command', problemCount: 2 });
        expect(create.called).to.equal(false);
        expect(store.contactLists.size + store.campaigns.size).to.equal(0);
      } finally {
        create.restore();
      }
    });

    it('refuses more rows than the configured maximum', async function () {
      const { useCase } = world({ maxRows: 1 });

      const outcome = await useCase.execute(spec);

      expect(outcome).to.deep.include({
        code: 'invalid-command',
        problems: [{ field: 'userData', message: 'must hold at most 1 rows' }],
      });
    });
  });

  describe('when a step fails', function () {
    it('never attempts the campaign when the contact list cannot be stored', async function () {
      const { useCase, contacts, campaigns, store, logger } = world();
      const cause = new Error('database unreachable');
      sinon.stub(contacts, 'create').rejects(cause);
      const upload = sinon.spy(campaigns, 'upload');

      const outcome = await useCase.execute(spec);

      expect(outcome).to.deep.equal({
        code: 'contact-creation-failed',
        contactListName: success.contactListName,
        cause,
      });
      expect(upload.called).to.equal(false);
      expect(store.campaigns.size).to.equal(0);
      expect(logger.error.calledWithMatch('contact creation failed', { cause })).to.equal(true);
    });

    it('removes the list it just created when the campaign cannot be stored', async function () {
      const { useCase, campaigns, store } = world();
      const cause = new Error('dialer down');
      sinon.stub(campaigns, 'upload').rejects(cause);

      const outcome = await useCase.execute(spec);

      expect(outcome).to.deep.equal({ code: 'campaign-creation-failed', campaignName: success.campaignName, cause });
      expect(store.contactLists.size + store.campaigns.size).to.equal(0);
    });

    it('logs a failed removal and still answers campaign-creation-failed', async function () {
      const { useCase, contacts, campaigns, store, logger } = world();
      const cause = new Error('dialer down');
      const removalFailure = new Error('database gone too');
      sinon.stub(campaigns, 'upload').rejects(cause);
      sinon.stub(contacts, 'remove').rejects(removalFailure);

      const outcome = await useCase.execute(spec);

      expect(outcome).to.deep.include({ code: 'campaign-creation-failed', cause });
      expect(
        logger.error.calledWithMatch(/could not remove/, {
          contactListName: success.contactListName,
          cause: removalFailure,
        }),
      ).to.equal(true);
      expect(store.contactLists.size).to.equal(1);
    });

    it('names the request it is told of on every line it logs for it', async function () {
      const { useCase, campaigns, contacts, logger } = world();
      sinon.stub(campaigns, 'upload').rejects(new Error('dialer down'));
      sinon.stub(contacts, 'remove').rejects(new Error('database gone too'));

      await useCase.execute(spec, { requestId: 'trace-7' });

      expect(logger.error.callCount).to.equal(2);
      for (const [, details] of logger.error.args) expect(details).to.deep.include({ requestId: 'trace-7' });
    });

    it('does not remove a list that an earlier request created', async function () {
      const { useCase, contacts, campaigns } = world();
      await contacts.create({ createdBy: null, name: success.contactListName, rows: specRows });
      sinon.stub(campaigns, 'upload').rejects(new Error('dialer down'));
      const remove = sinon.spy(contacts, 'remove');

      expect(await useCase.execute(spec)).to.deep.include({ code: 'campaign-creation-failed' });

      expect(remove.called).to.equal(false);
      expect(await contacts.findByName(named(success.contactListName))).not.to.equal(null);
    });
  });

  describe('when a request is repeated', function () {
    it('answers a replay with success, flagged, and writes nothing twice', async function () {
      const { useCase, contacts, campaigns } = world();
      await useCase.execute(spec);
      const before = await campaigns.findByName(named(success.campaignName));
      const create = sinon.spy(contacts, 'create');
      const upload = sinon.spy(campaigns, 'upload');

      const outcome = await useCase.execute(spec);

      expect(outcome).to.deep.equal({ ...success, replayed: true });
      expect(await campaigns.findByName(named(success.campaignName))).to.deep.equal(before);
      expect((await create.firstCall.returnValue).status).to.equal('exists');
      expect((await upload.firstCall.returnValue).status).to.equal('exists');
    });

    it('counts numbers written differently but equal as the same rows', async function () {
      const { useCase } = world();
      await useCase.execute(spec);
      const rewritten = {
        ...spec,
        userData: spec.userData.map((row) => ({
          ...row,
          phone_number: `+${row.phone_number.slice(0, 2)} ${row.phone_number.slice(2)}`,
        })),
      };

      expect(await useCase.execute(rewritten)).to.deep.include({ code: 'succeeded', replayed: true });
    });

    it('answers name-conflict, and changes nothing, when the rows differ', async function () {
      const { useCase, contacts, campaigns } = world();
      await useCase.execute(spec);
      const other = { ...spec, userData: [{ phone_number: '919999999999' }] };

      const outcome = await useCase.execute(other);

      expect(outcome).to.deep.equal({
        code: 'name-conflict',
        conflictingName: success.contactListName,
        contactListName: success.contactListName,
        campaignName: success.campaignName,
      });
      expect((await contacts.findByName(named(success.contactListName)))?.rows).to.deep.equal(specRows);
      expect((await campaigns.findByName(named(success.campaignName)))?.rows).to.deep.equal(specRows);
    });

    it('completes the campaign that an interrupted earlier attempt left missing', async function () {
      const { useCase, contacts, campaigns } = world();
      await contacts.create({ createdBy: null, name: success.contactListName, rows: specRows });

      expect(await useCase.execute(spec)).to.deep.equal(success);
      expect((await campaigns.findByName(named(success.campaignName)))?.rows).to.deep.equal(specRows);
    });

    it('answers name-conflict and takes its new list back when the campaign name holds other rows', async function () {
      const { useCase, contacts, campaigns } = world();
      const otherRows = specRows.slice(0, 1);
      await contacts.create({
        createdBy: null,
        name: 'VoiceGenie_contact_elsewhere',
        rows: otherRows,
      });
      await campaigns.upload({
        createdBy: null,
        name: success.campaignName,
        contactListName: 'VoiceGenie_contact_elsewhere',
        status: 'not-yet-started',
        rows: otherRows,
      });

      expect(await useCase.execute(spec)).to.deep.include({
        code: 'name-conflict',
        conflictingName: success.campaignName,
      });
      expect(await contacts.findByName(named(success.contactListName))).to.equal(null);
    });
  });

  describe('under concurrency', function () {
    it('ends many simultaneous identical requests with one list and one campaign, each answered success', async function () {
      const { useCase, store } = world();

      const outcomes = await Promise.all(Array.from({ length: 25 }, () => useCase.execute(spec)));

      expect(outcomes.map((outcome) => outcome.code)).to.deep.equal(Array(25).fill('succeeded'));
      expect(outcomes.filter((outcome) => outcome.code === 'succeeded' && !outcome.replayed).length).to.be.at.least(1);
      expect([store.contactLists.size, store.campaigns.size]).to.deep.equal([1, 1]);
    });

    it('answers success or conflict to simultaneous requests with different rows, leaving one consistent pair', async function () {
      const { useCase, contacts, campaigns } = world();
      const requests = Array.from({ length: 20 }, (_, index) => ({
        identifierName: 'contested',
        userData: [{ phone_number: `9198765432${String(index % 4).padStart(2, '0')}` }],
      }));

      const outcomes = await Promise.all(requests.map((request) => useCase.execute(request)));

      expect(new Set(outcomes.map((outcome) => outcome.code))).to.satisfy((codes: Set<string>) =>
        [...codes].every((code) => code === 'succeeded' || code === 'name-conflict'),
      );
      const list = await contacts.findByName(named('VoiceGenie_contact_contested'));
      const campaign = await campaigns.findByName(named('VoiceGenie_campaign_contested'));
      expect(campaign?.rows).to.deep.equal(list?.rows);
      const winners = requests.filter((_, index) => outcomes[index]?.code === 'succeeded');
      expect(winners.length).to.be.at.least(1);
      for (const winner of winners) expect(`+${winner.userData[0]?.phone_number}`).to.equal(list?.rows[0]?.phoneNumber);
    });
  });
});
