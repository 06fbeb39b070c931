import {
  ChangeCampaignStatus,
  CreateContactAndCampaign,
  LeaseDueCalls,
  ReadCampaignRun,
  RecordCallOutcome,
  StartCampaign,
  SweepCampaignRuns,
  type PhoneTimeZones,
  type UserDataRow,
} from '@outbound/domain';
import { aFixedClock, type FixedClock } from '@outbound/port-contracts';
import { expect } from 'chai';
import {
  InMemoryCampaignRuns,
  InMemoryCampaignUploader,
  InMemoryContactRepository,
  InMemoryStore,
} from '../src/index.js';

const MINUTE = 60_000;
const CAMPAIGN = 'VoiceGenie_campaign_run';

/** Numbers as the numbering plan would place them, for these tests. */
const timeZones: PhoneTimeZones = {
  zonesOf: (phoneNumber) => {
    if (phoneNumber.startsWith('+1212')) return ['America/New_York'];
    if (phoneNumber.startsWith('+91')) return ['Asia/Calcutta'];
    if (phoneNumber.startsWith('+6123')) return ['Australia/Lord_Howe'];
    // A region that spans the continent: open only when both coasts are.
    if (phoneNumber.startsWith('+1500')) return ['America/Los_Angeles', 'America/New_York'];
    // A whole plan, from Guam to Halifax: no hour is open in all of them.
    if (phoneNumber.startsWith('+1800')) return ['America/Halifax', 'Pacific/Guam'];
    return [];
  },
};

function world(now: string) {
  const clock = aFixedClock(now);
  const store = new InMemoryStore();
  const campaigns = new InMemoryCampaignUploader(store, clock);
  const runs = new InMemoryCampaignRuns(store);
  const create = new CreateContactAndCampaign(new InMemoryContactRepository(store, clock), campaigns, {
    brand: 'VoiceGenie',
  });
  return {
    clock,
    create: async (userData: UserDataRow[]) => {
      expect((await create.execute({ identifierName: 'run', userData })).code).to.equal('succeeded');
    },
    start: (settings: unknown) => new StartCampaign(campaigns, runs, timeZones, clock).start(CAMPAIGN, settings),
    change: new ChangeCampaignStatus(runs, clock),
    lease: new LeaseDueCalls(runs, clock, 10 * MINUTE),
    record: new RecordCallOutcome(runs, clock),
    sweep: new SweepCampaignRuns(runs, clock),
    read: async () => {
      const run = await new ReadCampaignRun(runs, clock).run(CAMPAIGN);
      if (run === null) throw new Error('the campaign is gone');
      return run;
    },
  };
}

const everyDay = { from: '09:00', to: '20:00' };

async function leasedNumbers({ lease }: ReturnType<typeof world>): Promise<string[]> {
  return (await lease.lease({ max: 100 })).map((call) => call.contact.phoneNumber);
}

function at(clock: FixedClock, iso: string): void {
  clock.advance(Date.parse(iso) - clock.now().getTime());
}

describe('campaigns that run, in each contact’s own time zone', function () {
  it('open at 09:00 in New York on the day clocks go forward, and on the day they go back', async function () {
    const run = world('2026-03-08T12:00:00.000Z');
    await run.create([{ phone_number: '+12125550100' }, { phone_number: '+12125550101' }]);
    await run.start({ callingHours: everyDay, retry: { maxAttempts: 2, afterMinutes: 0, on: ['no-answer'] } });

    at(run.clock, '2026-03-08T12:59:00.000Z');
    expect(await leasedNumbers(run)).to.deep.equal([]);
    at(run.clock, '2026-03-08T13:00:00.000Z');
    const [first] = await run.lease.lease({ max: 1 });
    expect(first?.contact.phoneNumber).to.equal('+12125550100');
    await run.record.record(first?.callId ?? '', { outcome: 'answered', durationSeconds: 5, externalCallId: null });

    // Standard time again: 09:00 is 14:00 UTC.
    at(run.clock, '2026-11-01T13:30:00.000Z');
    expect(await leasedNumbers(run)).to.deep.equal([]);
    at(run.clock, '2026-11-01T14:00:00.000Z');
    expect(await leasedNumbers(run)).to.deep.equal(['+12125550101']);
  });

  it('open in Kolkata half an hour off UTC’s hour, and on Lord Howe Island whose summer moves half an hour', async function () {
    // Lord Howe keeps summer time (UTC+11) in January: 09:00 there is 22:00 UTC, and 03:30 UTC is 09:00 in Kolkata.
    const run = world('2026-01-10T21:59:00.000Z');
    await run.create([{ phone_number: '+919876543210' }, { phone_number: '+61234567890' }]);
    await run.start({ callingHours: everyDay });

    expect(await leasedNumbers(run)).to.deep.equal([]);
    at(run.clock, '2026-01-10T22:00:00.000Z');
    const [onLordHowe] = await run.lease.lease({ max: 10 });
    expect(onLordHowe?.contact.phoneNumber).to.equal('+61234567890');
    await run.record.record(onLordHowe?.callId ?? '', {
      outcome: 'answered',
      durationSeconds: 5,
      externalCallId: null,
    });
    at(run.clock, '2026-01-11T03:29:00.000Z');
    expect(await leasedNumbers(run)).to.deep.equal([]);
    at(run.clock, '2026-01-11T03:30:00.000Z');
    expect(await leasedNumbers(run)).to.deep.equal(['+919876543210']);
  });

  it('call a number of two zones only when both are open, skip one whose zones share no hour, and let a timezone field win', async function () {
    const run = world('2026-06-01T13:30:00.000Z');
    await run.create([
      { phone_number: '+15005550100', name: 'Both coasts' },
      { phone_number: '+18005550100', name: 'Guam or Halifax' },
      { phone_number: '+18005550101', name: 'Told', timezone: 'America/New_York' },
      { phone_number: '+447911123456', name: 'Unknown, default zone' },
    ]);

    const started = await run.start({ callingHours: everyDay, defaultTimeZone: 'Europe/London' });

    expect(started.code === 'run-changed' && started.run.skipped).to.deep.equal({
      'unknown-time-zone': 0,
      'no-common-calling-hours': 1,
    });
    // 09:30 in New York, 06:30 in Los Angeles, 14:30 in London.
    const calls = await run.lease.lease({ max: 10 });
    expect(calls.map((call) => call.contact.name)).to.deep.equal(['Told', 'Unknown, default zone']);
    for (const call of calls) {
      await run.record.record(call.callId, { outcome: 'answered', durationSeconds: 5, externalCallId: null });
    }
    at(run.clock, '2026-06-01T15:59:00.000Z');
    expect(await leasedNumbers(run)).to.deep.equal([]);
    at(run.clock, '2026-06-01T16:00:00.000Z');
    expect(await leasedNumbers(run)).to.deep.equal(['+15005550100']);
  });

  it('waits for startAt, retries after afterMinutes, and expires at endAt those not reached', async function () {
    const run = world('2026-06-01T09:00:00.000Z');
    await run.create([{ phone_number: '+919876543210' }, { phone_number: '+919876543211' }]);
    const started = await run.start({
      startAt: '2026-06-01T10:00:00Z',
      endAt: '2026-06-01T12:00:00Z',
      retry: { maxAttempts: 3, afterMinutes: 45, on: ['busy'] },
    });
    expect(started.code === 'run-changed' && started.run.status).to.equal('scheduled');
    expect(await leasedNumbers(run)).to.deep.equal([]);

    at(run.clock, '2026-06-01T10:00:00.000Z');
    const calls = await run.lease.lease({ max: 10 });
    expect((await run.read()).status).to.equal('running');
    for (const call of calls) {
      await run.record.record(call.callId, { outcome: 'busy', durationSeconds: null, externalCallId: null });
    }
    run.clock.advance(44 * MINUTE);
    expect(await leasedNumbers(run)).to.deep.equal([]);
    run.clock.advance(MINUTE);
    const retried = await run.lease.lease({ max: 1 });
    expect(retried.map((call) => call.attempt)).to.deep.equal([2]);
    await run.record.record(retried[0]?.callId ?? '', {
      outcome: 'answered',
      durationSeconds: 9,
      externalCallId: null,
    });

    at(run.clock, '2026-06-01T12:00:00.000Z');
    expect(await run.sweep.sweep()).to.deep.equal({ leasesExpired: 0, contactsExpired: 1 });
    const ended = await run.read();
    expect(ended).to.deep.include({ status: 'completed', endedAt: new Date('2026-06-01T12:00:00.000Z'), attempts: 3 });
    expect(ended.contacts).to.deep.include({ finished: 1, expired: 1 });
  });

  it('ends a lease nobody reported as a failed attempt, and completes the campaign when it was the last', async function () {
    const run = world('2026-06-01T10:00:00.000Z');
    await run.create([{ phone_number: '+919876543210' }]);
    await run.start({ retry: { maxAttempts: 2, afterMinutes: 10, on: ['failed'] } });
    const [first] = await run.lease.lease({ max: 1 });

    run.clock.advance(10 * MINUTE);
    expect(await run.sweep.sweep()).to.deep.equal({ leasesExpired: 1, contactsExpired: 0 });
    const late = await run.record.record(first?.callId ?? '', {
      outcome: 'answered',
      durationSeconds: 1,
      externalCallId: null,
    });
    expect(late).to.deep.include({ code: 'call-already-ended' });
    run.clock.advance(10 * MINUTE);
    const [second] = await run.lease.lease({ max: 1 });
    expect(second?.attempt).to.equal(2);

    run.clock.advance(10 * MINUTE);
    await run.sweep.sweep();
    expect(await run.read()).to.deep.include({ status: 'completed', attempts: 2 });
    expect((await run.read()).outcomes).to.deep.include({ failed: 1 });
  });

  it('hands out nothing while paused, keeps a report of a call handed out before, and nothing once cancelled', async function () {
    const run = world('2026-06-01T10:00:00.000Z');
    await run.create([{ phone_number: '+919876543210' }, { phone_number: '+919876543211' }]);
    await run.start({});
    const [call] = await run.lease.lease({ max: 1 });

    expect((await run.change.change(CAMPAIGN, 'pause')).code).to.equal('run-changed');
    expect(await leasedNumbers(run)).to.deep.equal([]);
    expect(
      await run.record.record(call?.callId ?? '', { outcome: 'answered', durationSeconds: 3, externalCallId: 'x' }),
    ).to.deep.include({ code: 'outcome-recorded', replayed: false });
    await run.change.change(CAMPAIGN, 'cancel');
    expect(await leasedNumbers(run)).to.deep.equal([]);
    expect(await run.read()).to.deep.include({ status: 'cancelled' });
    expect((await run.read()).outcomes).to.deep.include({ answered: 1 });
  });
});
