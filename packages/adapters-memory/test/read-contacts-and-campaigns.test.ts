import {
  CreateContactAndCampaign,
  LeaseDueCalls,
  MAX_PAGE_SIZE,
  ReadContactsAndCampaigns,
  RecordCallOutcome,
  StartCampaign,
  type PhoneTimeZones,
} from '@outbound/domain';
import { aFixedClock } from '@outbound/port-contracts';
import { expect } from 'chai';
import {
  InMemoryCampaignRuns,
  InMemoryCampaignUploader,
  InMemoryContactRepository,
  InMemoryStore,
} from '../src/index.js';

/** Numbers as the numbering plan would place them, for these tests; any other is of no known zone. */
const timeZones: PhoneTimeZones = {
  zonesOf: (phoneNumber) =>
    phoneNumber.startsWith('+91') ? ['Asia/Kolkata'] : phoneNumber.startsWith('+1212') ? ['America/New_York'] : [],
};

function world(now = '2026-11-26T09:30:00.000Z') {
  const clock = aFixedClock(now);
  const store = new InMemoryStore();
  const contacts = new InMemoryContactRepository(store, clock);
  const campaigns = new InMemoryCampaignUploader(store, clock);
  const runs = new InMemoryCampaignRuns(store);
  const create = new CreateContactAndCampaign(contacts, campaigns, { brand: 'VoiceGenie' });
  return {
    clock,
    create,
    reads: new ReadContactsAndCampaigns(contacts, campaigns, runs, clock),
    start: new StartCampaign(campaigns, runs, timeZones, clock),
    lease: new LeaseDueCalls(runs, clock),
    record: new RecordCallOutcome(runs, clock),
  };
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

  it('lists the campaigns of one status only, ending on the page that holds the oldest of them', async function () {
    const { clock, create, reads, start } = world();
    for (const name of ['a', 'b', 'c', 'd']) {
      await create.execute({ identifierName: name, userData: userData(1) });
      clock.advance(1);
    }
    for (const name of ['a', 'c', 'd']) await start.start(`VoiceGenie_campaign_${name}`, {});

    const first = await reads.campaigns({ limit: 2, status: 'running' });
    const second = await reads.campaigns({
      limit: 2,
      status: 'running',
      ...(first.next === null ? {} : { after: first.next }),
    });

    expect(first.campaigns.map(({ name, status }) => [name, status])).to.deep.equal([
      ['VoiceGenie_campaign_d', 'running'],
      ['VoiceGenie_campaign_c', 'running'],
    ]);
    expect(second.campaigns.map(({ name }) => name)).to.deep.equal(['VoiceGenie_campaign_a']);
    expect(second.next).to.equal(null);
    expect(
      (await reads.campaigns({ limit: 10, status: 'not-yet-started' })).campaigns.map(({ name }) => name),
    ).to.deep.equal(['VoiceGenie_campaign_b']);
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

  it("answers each row's call beside it: none before the start, then due only in the contact's own calling hours", async function () {
    // A Monday, 15:00 in Kolkata and 05:30 in New York.
    const { clock, create, reads, start, lease, record } = world('2026-06-01T09:30:00.000Z');
    await create.execute({
      identifierName: 'called',
      userData: [
        { phone_number: '+919800000000' },
        { phone_number: '+919800000001' },
        { phone_number: '+919800000002' },
        { phone_number: '+12125550100' },
        { phone_number: '+447700900000' },
        { phone_number: '+919800000003' },
      ],
    });
    const page = async (fromPosition = 0) =>
      (await reads.campaignRows('VoiceGenie_campaign_called', { fromPosition, limit: 10 }))?.calls;
    expect(await page()).to.deep.equal([null, null, null, null, null, null]);

    await start.start('VoiceGenie_campaign_called', {
      callingHours: { from: '09:00', to: '20:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
      retry: { maxAttempts: 3, afterMinutes: 30, on: ['no-answer'] },
    });
    const [answered, unanswered] = await lease.lease({ max: 3 });
    await record.record(answered?.callId ?? '', { outcome: 'answered', durationSeconds: 20, externalCallId: null });
    await record.record(unanswered?.callId ?? '', {
      outcome: 'no-answer',
      durationSeconds: null,
      externalCallId: null,
    });

    const startedAt = new Date('2026-06-01T09:30:00.000Z');
    const retryAt = new Date('2026-06-01T10:00:00.000Z');
    const call = (state: string, attempts: number, more: Record<string, unknown> = {}) => ({
      state,
      attempts,
      lastOutcome: null,
      nextAttemptAt: null,
      skipReason: null,
      ...more,
    });
    expect(await page()).to.deep.equal([
      call('finished', 1, { lastOutcome: 'answered' }),
      call('waiting', 1, { nextAttemptAt: retryAt }),
      call('dialling', 1),
      // Its attempt time has come, but it is not yet 09:00 in New York.
      call('waiting', 0, { nextAttemptAt: startedAt }),
      call('skipped', 0, { skipReason: 'unknown-time-zone' }),
      call('due', 0, { nextAttemptAt: startedAt }),
    ]);

    // 19:00 in Kolkata and 09:30 in New York.
    clock.advance(4 * 60 * 60_000);
    expect((await page(1))?.slice(0, 3)).to.deep.equal([
      call('due', 1, { nextAttemptAt: retryAt }),
      call('dialling', 1),
      call('due', 0, { nextAttemptAt: startedAt }),
    ]);
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
