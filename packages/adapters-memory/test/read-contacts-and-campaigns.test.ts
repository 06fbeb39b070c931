import { CreateContactAndCampaign, MAX_PAGE_SIZE, ReadContactsAndCampaigns } from '@outbound/domain';
import { aFixedClock } from '@outbound/port-contracts';
import { expect } from 'chai';
import { InMemoryCampaignUploader, InMemoryContactRepository, InMemoryStore } from '../src/index.js';

function world() {
  const clock = aFixedClock('2026-11-26T09:30:00.000Z');
  const store = new InMemoryStore();
  const contacts = new InMemoryContactRepository(store, clock);
  const campaigns = new InMemoryCampaignUploader(store, clock);
  const create = new CreateContactAndCampaign(contacts, campaigns, { brand: 'VoiceGenie' });
  return { clock, create, reads: new ReadContactsAndCampaigns(contacts, campaigns) };
}

const userData = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ phone_number: `+1415555${String(1_000 + index)}` }));

describe('ReadContactsAndCampaigns', function () {
  it('ends on the page that holds the last row, with no empty page after it', async function () {
    const { create, reads } = world();
    await create.execute({ identifierName: 'even', userData: userData(2_000) });

    const first = await reads.contactListRows('VoiceGenie_contact_even', { fromPosition: 0, limit: 1_000 });
    const second = await reads.campaignRows('VoiceGenie_campaign_even', { fromPosition: 1_000, limit: 1_000 });

    expect(first?.nextPosition).to.equal(1_000);
    expect(second?.rows).to.have.length(1_000);
    expect(second?.nextPosition).to.equal(null);
  });

  it('ends the campaigns on the page that holds the oldest', async function () {
    const { clock, create, reads } = world();
    for (const name of ['a', 'b', 'c', 'd']) {
      await create.execute({ identifierName: name, userData: userData(1) });
      clock.advance(1);
    }

    const first = await reads.campaigns({ limit: 2 });
    const second = await reads.campaigns({ limit: 2, ...(first.next === null ? {} : { after: first.next }) });

    expect(first.campaigns.map((campaign) => campaign.name)).to.deep.equal([
      'VoiceGenie_campaign_d',
      'VoiceGenie_campaign_c',
    ]);
    expect(first.next).to.deep.equal({
      createdAt: new Date('2026-11-26T09:30:00.002Z'),
      name: 'VoiceGenie_campaign_c',
    });
    expect(second.campaigns.map((campaign) => campaign.name)).to.deep.equal([
      'VoiceGenie_campaign_b',
      'VoiceGenie_campaign_a',
    ]);
    expect(second.next).to.equal(null);
  });

  it('shows a caller known by a key only what that key created, and a caller without one only what none did', async function () {
    const { create, reads } = world();
    await create.execute({ identifierName: 'mine', userData: userData(2) }, { createdBy: 'crm' });
    await create.execute({ identifierName: 'theirs', userData: userData(2) }, { createdBy: 'dialer' });
    await create.execute({ identifierName: 'nobodys', userData: userData(2) });
    const crm = { createdBy: 'crm' };

    expect(await reads.contactList('VoiceGenie_contact_mine', crm)).to.include({
      campaignName: 'VoiceGenie_campaign_mine',
    });
    expect(await reads.contactList('VoiceGenie_contact_theirs', crm)).to.equal(null);
    expect(await reads.contactList('VoiceGenie_contact_nobodys', crm)).to.equal(null);
    expect(await reads.campaign('VoiceGenie_campaign_theirs', crm)).to.equal(null);
    expect(await reads.contactListRows('VoiceGenie_contact_theirs', { fromPosition: 0, limit: 10 }, crm)).to.equal(
      null,
    );
    expect(await reads.campaignRows('VoiceGenie_campaign_theirs', { fromPosition: 0, limit: 10 }, crm)).to.equal(null);
    expect((await reads.campaigns({ limit: 10 }, crm)).campaigns.map((campaign) => campaign.name)).to.deep.equal([
      'VoiceGenie_campaign_mine',
    ]);
    expect((await reads.campaigns({ limit: 10 })).campaigns.map((campaign) => campaign.name)).to.deep.equal([
      'VoiceGenie_campaign_nobodys',
    ]);
    expect(await reads.campaign('VoiceGenie_campaign_theirs')).to.equal(null);
    expect(await reads.contactList('VoiceGenie_contact_nobodys')).to.include({ createdBy: null });
  });

  it("reads each caller's own list and campaign under one name, rows and pages alike", async function () {
    const { clock, create, reads } = world();
    await create.execute({ identifierName: 'shared', userData: userData(3) }, { createdBy: 'crm' });
    clock.advance(1);
    await create.execute({ identifierName: 'shared', userData: userData(5) }, { createdBy: 'dialer' });
    const [crm, dialer] = [{ createdBy: 'crm' }, { createdBy: 'dialer' }];

    expect(await reads.contactList('VoiceGenie_contact_shared', crm)).to.include({ rowCount: 3, createdBy: 'crm' });
    expect(await reads.campaign('VoiceGenie_campaign_shared', dialer)).to.include({ rowCount: 5, createdBy: 'dialer' });
    const page = await reads.campaignRows('VoiceGenie_campaign_shared', { fromPosition: 2, limit: 2 }, crm);
    expect(page?.rows.map((row) => row.phoneNumber)).to.deep.equal(['+14155551002']);
    expect(page?.nextPosition).to.equal(null);
    expect(
      (await reads.contactListRows('VoiceGenie_contact_shared', { fromPosition: 0, limit: 10 }, dialer))?.rows,
    ).to.have.length(5);
    for (const caller of [crm, dialer]) {
      expect((await reads.campaigns({ limit: 10 }, caller)).campaigns.map(({ createdBy }) => createdBy)).to.deep.equal([
        caller.createdBy,
      ]);
    }
    expect(await reads.contactList('VoiceGenie_contact_shared')).to.equal(null);
  });

  it('refuses a page outside its bounds as a bug of the caller', async function () {
    const { reads } = world();

    for (const limit of [0, MAX_PAGE_SIZE + 1, 1.5, Number.NaN]) {
      await expectRejection(reads.campaigns({ limit }), RangeError);
      await expectRejection(reads.contactListRows('x', { fromPosition: 0, limit }), RangeError);
    }
    await expectRejection(reads.campaignRows('x', { fromPosition: -1, limit: 10 }), RangeError);
  });
});

async function expectRejection(promise: Promise<unknown>, type: new (...args: never[]) => Error): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(type);
    return;
  }
  expect.fail('expected a rejection');
}
