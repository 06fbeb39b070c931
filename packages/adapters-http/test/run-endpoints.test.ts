import {
  InMemoryCampaignRuns,
  InMemoryCampaignUploader,
  InMemoryContactRepository,
  InMemoryStore,
} from '@outbound/adapters-memory';
import {
  ChangeCampaignStatus,
  CreateContactAndCampaign,
  LeaseDueCalls,
  ReadCampaignRun,
  ReadContactsAndCampaigns,
  RecordCallOutcome,
  StartCampaign,
  clipped,
  type PhoneTimeZones,
} from '@outbound/domain';
import { aFixedClock, type FixedClock } from '@outbound/port-contracts';
import { expect } from 'chai';
import { Registry } from 'prom-client';
import { createHttpApp, serveHttpApp, type HttpAppOptions, type ServingHttpApp } from '../src/index.js';

const CAMPAIGN = 'VoiceGenie_campaign_run_001';
const NOT_WELL_FORMED_TEXT = 'must be well-formed Unicode text (it holds half of a surrogate pair on its own)';
const MINUTE = 60_000;
/** A Monday, 09:30 in UTC: 15:00 in Kolkata, 04:30 in New York. */
const NOW = '2026-06-01T09:30:00.000Z';

/** The numbering plan as far as these tests need it. */
const timeZones: PhoneTimeZones = {
  zonesOf: (phoneNumber) =>
    phoneNumber.startsWith('+91') ? ['Asia/Calcutta'] : phoneNumber.startsWith('+1212') ? ['America/New_York'] : [],
};

interface Answer {
  readonly status: number;
  readonly body: { status: string; data: Record<string, unknown>; message: string };
}

interface LeasedCallBody {
  callId: string;
  campaignName: string;
  campaignOwner: string | null;
  attempt: number;
  leaseExpiresAt: string;
  contact: Record<string, unknown>;
}

/** `record`, its first `count` calls rejecting as a storage that failed. */
function failingFirst(record: RecordCallOutcome, count: number): Pick<RecordCallOutcome, 'record'> {
  let left = count;
  return {
    record: (callId, report) => {
      if (left === 0) return record.record(callId, report);
      left -= 1;
      return Promise.reject(new Error('the storage failed'));
    },
  };
}

describe('running a campaign over HTTP', function () {
  let clock: FixedClock;
  let server: ServingHttpApp;

  /** `failingReports`: how many reports, from the first, reject as a storage failing would. */
  async function serve(options: Pick<HttpAppOptions, 'apiKeys' | 'metrics' | 'isStopping'> = {}, failingReports = 0) {
    clock = aFixedClock(NOW);
    const store = new InMemoryStore();
    const contacts = new InMemoryContactRepository(store, clock);
    const campaigns = new InMemoryCampaignUploader(store, clock);
    const runs = new InMemoryCampaignRuns(store);
    const app = createHttpApp(new CreateContactAndCampaign(contacts, campaigns, { brand: 'VoiceGenie' }), {
      reads: new ReadContactsAndCampaigns(contacts, campaigns, runs, clock),
      runs: {
        start: new StartCampaign(campaigns, runs, timeZones, clock),
        change: new ChangeCampaignStatus(runs, clock),
        lease: new LeaseDueCalls(runs, clock, 10 * MINUTE),
        record: failingFirst(new RecordCallOutcome(runs, clock), failingReports),
        read: new ReadCampaignRun(runs, clock),
      },
      ...options,
    });
    server = await serveHttpApp(app, { port: 0, host: '127.0.0.1' });
  }

  async function request(method: string, path: string, body?: unknown, key?: string): Promise<Answer> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(key === undefined ? {} : { 'x-api-key': key }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  }

  const post = (path: string, body?: unknown, key?: string) => request('POST', path, body, key);

  async function create(rows: readonly Record<string, unknown>[], key?: string) {
    const created = await post('/createContactAndCampaign', { identifierName: 'run_001', userData: rows }, key);
    expect(created.status).to.equal(200);
  }

  async function lease(body: Record<string, unknown> = { max: 100 }, key?: string): Promise<LeasedCallBody[]> {
    const answer = await post('/calls/lease', body, key);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer.body.data['calls'] as LeasedCallBody[];
  }

  const report = (callId: string, outcome: string, key?: string) =>
    post(`/calls/${callId}/outcome`, { outcome, durationSeconds: 30 }, key);

  const contactsOf = async (key?: string) =>
    (await request('GET', `/campaigns/${CAMPAIGN}`, undefined, key)).body.data['contacts'];

  afterEach(async function () {
    await server.close();
  });

  describe('without keys', function () {
    beforeEach(async function () {
      await serve();
    });

    it('starts a campaign, hands each contact out once with its fields, and completes it as they are answered', async function () {
      await create([
        { phone_number: '+919876543210', name: 'Asha', tier: 1 },
        { phone_number: '+919876543211', name: 'Ravi', tags: ['x', 1] },
      ]);

      const started = await post(`/campaigns/${CAMPAIGN}/start`, { maxConcurrentCalls: 5 });
      expect(started.status).to.equal(200);
      expect(started.body.data).to.deep.include({ message: 'campaign started', status: 'running', replayed: false });
      expect(started.body.data['contacts']).to.deep.equal({
        due: 2,
        waiting: 0,
        dialling: 0,
        finished: 0,
        skipped: 0,
        expired: 0,
      });

      const calls = await lease();
      expect(calls.map(({ contact }) => contact)).to.deep.equal([
        { phone_number: '+919876543210', name: 'Asha', tier: 1 },
        { phone_number: '+919876543211', name: 'Ravi', tags: ['x', 1] },
      ]);
      expect(
        calls.map(({ campaignName, campaignOwner, attempt }) => ({ campaignName, campaignOwner, attempt })),
      ).to.deep.equal([
        { campaignName: CAMPAIGN, campaignOwner: null, attempt: 1 },
        { campaignName: CAMPAIGN, campaignOwner: null, attempt: 1 },
      ]);
      expect(calls[0]?.leaseExpiresAt).to.equal('2026-06-01T09:40:00.000Z');
      expect(await lease()).to.deep.equal([]);

      for (const call of calls) expect((await report(call.callId, 'answered')).status).to.equal(200);

      const read = await request('GET', `/campaigns/${CAMPAIGN}`);
      expect(read.body.data).to.deep.include({
        status: 'completed',
        completedAt: NOW,
        startedAt: NOW,
        attempts: 2,
        contactListName: 'VoiceGenie_contact_run_001',
      });
      expect(read.body.data['outcomes']).to.deep.include({ answered: 2 });
    });

    it('replays a start with the same settings and refuses one with others, or a change that does not apply', async function () {
      await create([{ phone_number: '+919876543210' }]);
      const settings = { callingHours: { from: '09:00', to: '20:00' }, retry: { maxAttempts: 2 } };
      expect((await post(`/campaigns/${CAMPAIGN}/start`, settings)).status).to.equal(200);

      const again = await post(`/campaigns/${CAMPAIGN}/start`, settings);
      expect(again.status).to.equal(200);
      expect(again.body.data['replayed']).to.equal(true);
      const other = await post(`/campaigns/${CAMPAIGN}/start`, { ...settings, retry: { maxAttempts: 3 } });
      expect(other.status).to.equal(409);
      expect(other.body.data).to.deep.equal({
        message: 'started with other settings',
        name: CAMPAIGN,
        status: 'running',
      });

      expect((await post(`/campaigns/${CAMPAIGN}/resume`)).body.data['replayed']).to.equal(true);
      expect((await post(`/campaigns/${CAMPAIGN}/pause`)).body.data).to.deep.include({
        status: 'paused',
        replayed: false,
      });
      expect(await lease()).to.deep.equal([]);
      expect((await post(`/campaigns/${CAMPAIGN}/resume`)).body.data).to.deep.include({ status: 'running' });
      expect((await post(`/campaigns/${CAMPAIGN}/cancel`)).body.data).to.deep.include({
        status: 'cancelled',
        cancelledAt: NOW,
      });
      expect(await lease()).to.deep.equal([]);

      const restart = await post(`/campaigns/${CAMPAIGN}/start`, settings);
      expect(restart.status).to.equal(409);
      expect(restart.body).to.deep.equal({
        status: 'failed',
        data: { message: 'not in this status', name: CAMPAIGN, status: 'cancelled' },
        message: `cannot start campaign ${CAMPAIGN}: it is cancelled!`,
      });
      expect((await post(`/campaigns/${CAMPAIGN}/pause`)).status).to.equal(409);
      expect((await post('/campaigns/VoiceGenie_campaign_missing/start')).status).to.equal(404);
    });

    it('calls each contact only within its own calling hours, a timezone field winning over the number', async function () {
      await create([
        { phone_number: '+919876543210', name: 'In Kolkata' },
        { phone_number: '+12125550100', name: 'In New York' },
        { phone_number: '+919876543212', name: 'Moved to New York', timezone: 'America/New_York' },
        { phone_number: '+4420794600000', name: 'Zone unknown' },
      ]);
      const started = await post(`/campaigns/${CAMPAIGN}/start`, { callingHours: { from: '09:00', to: '20:00' } });
      expect(started.body.data['skipped']).to.deep.equal({ 'unknown-time-zone': 1, 'no-common-calling-hours': 0 });
      expect(started.body.data['contacts']).to.deep.include({ due: 1, waiting: 2, skipped: 1 });

      const [inKolkata] = await lease();
      expect(inKolkata?.contact['name']).to.equal('In Kolkata');
      await report(inKolkata?.callId ?? '', 'answered');

      // 13:00 UTC is 09:00 in New York (daylight saving time).
      clock.advance(3.5 * 60 * MINUTE);
      expect((await lease()).map(({ contact }) => contact['name'])).to.deep.equal(['In New York', 'Moved to New York']);
    });

    it('calls again after the pause the retry policy sets, and counts a lease nobody reported as a failed attempt', async function () {
      await create([{ phone_number: '+919876543210' }, { phone_number: '+919876543211' }]);
      await post(`/campaigns/${CAMPAIGN}/start`, {
        retry: { maxAttempts: 2, afterMinutes: 30, on: ['no-answer', 'failed'] },
      });
      const [first, second] = await lease();
      if (first === undefined || second === undefined) throw new Error('expected two calls');

      expect((await report(first.callId, 'no-answer')).body.data).to.deep.equal({
        message: 'recorded',
        callId: first.callId,
        replayed: false,
      });
      expect((await report(first.callId, 'no-answer')).body.data['replayed']).to.equal(true);
      const other = await report(first.callId, 'answered');
      expect(other.status).to.equal(409);
      expect(other.body.data).to.deep.equal({
        message: 'call already ended',
        callId: first.callId,
        outcome: 'no-answer',
        endedBy: 'report',
      });
      expect(await contactsOf()).to.deep.include({ waiting: 1, dialling: 1 });

      clock.advance(30 * MINUTE);
      const retried = await lease();
      expect(retried.map(({ contact, attempt }) => [contact['phone_number'], attempt])).to.deep.equal([
        ['+919876543210', 2],
      ]);

      // The second call's lease ran out at 09:40, unreported: a failed attempt, retried 30 minutes later.
      const late = await report(second.callId, 'answered');
      expect(late.status).to.equal(409);
      expect(late.body.data).to.deep.include({ outcome: 'failed', endedBy: 'lease-expiry' });
      clock.advance(30 * MINUTE);
      expect((await lease()).map(({ contact, attempt }) => [contact['phone_number'], attempt])).to.deep.equal([
        ['+919876543211', 2],
      ]);
    });

    it('completes at its start a campaign none of whose contacts can be called', async function () {
      await create([{ phone_number: '+447700900123' }, { phone_number: '+447700900124' }]);

      const started = await post(`/campaigns/${CAMPAIGN}/start`, { callingHours: { from: '09:00', to: '17:00' } });

      expect(started.status).to.equal(200);
      expect(started.body.data).to.deep.include({ status: 'completed', startedAt: NOW, completedAt: NOW });
      expect(started.body.data['skipped']).to.deep.include({ 'unknown-time-zone': 2 });
      expect(await lease()).to.deep.equal([]);
    });

    it("reports a lease's calls in one request, each answered as its own report would be", async function () {
      await create([{ phone_number: '+919876543210' }, { phone_number: '+919876543211' }]);
      await post(`/campaigns/${CAMPAIGN}/start`, { retry: { maxAttempts: 2, afterMinutes: 30, on: ['busy'] } });
      const [first, second] = await lease();
      if (first === undefined || second === undefined) throw new Error('expected two calls');
      const outcomes = [
        { callId: first.callId, outcome: 'answered', durationSeconds: 42, externalCallId: 'CA1' },
        { callId: second.callId, outcome: 'busy' },
        { callId: 'no-such-call', outcome: 'answered' },
      ];

      const reported = await post('/calls/outcomes', { outcomes });
      expect(reported.status).to.equal(200);
      expect(reported.body).to.deep.equal({
        status: 'success',
        data: {
          message: 'reported',
          results: [
            { status: 200, message: 'recorded', callId: first.callId, replayed: false },
            { status: 200, message: 'recorded', callId: second.callId, replayed: false },
            { status: 404, message: 'call not found', callId: 'no-such-call' },
          ],
        },
        message: '2 of 3 outcomes recorded; the others are named in results.',
      });
      const run = (await request('GET', `/campaigns/${CAMPAIGN}`)).body.data;
      expect(run['contacts']).to.deep.include({ finished: 1, waiting: 1, dialling: 0 });
      expect(run['outcomes']).to.deep.include({ answered: 1 });

      const again = await post('/calls/outcomes', { outcomes: outcomes.slice(0, 2) });
      expect(again.body.data['results']).to.deep.equal([
        { status: 200, message: 'recorded', callId: first.callId, replayed: true },
        { status: 200, message: 'recorded', callId: second.callId, replayed: true },
      ]);
      expect(again.body.message).to.equal('2 outcomes recorded.');
      const otherwise = await post('/calls/outcomes', { outcomes: [{ callId: first.callId, outcome: 'busy' }] });
      expect(otherwise.body.data['results']).to.deep.equal([
        { status: 409, message: 'call already ended', callId: first.callId, outcome: 'answered', endedBy: 'report' },
      ]);
      expect((await request('GET', `/campaigns/${CAMPAIGN}`)).body.data['attempts']).to.equal(2);
    });

    it("answers each contact's calls beside the campaign's rows, in their order, and no custom field changed", async function () {
      const rows = [
        { phone_number: '+919876543210', name: 'Asha', call: 'a custom field', calls: [1] },
        { phone_number: '+12125550100', name: 'In New York' },
        { phone_number: '+4420794600000', name: 'Zone unknown' },
        { phone_number: '+919876543211', name: 'Ravi' },
      ];
      await create(rows);
      const page = async (query = '') => {
        const answer = await request('GET', `/campaigns/${CAMPAIGN}/contacts${query}`);
        expect(answer.status).to.equal(200);
        return answer.body.data;
      };
      expect(await page()).to.deep.include({ contacts: rows, calls: [null, null, null, null] });

      await post(`/campaigns/${CAMPAIGN}/start`, {
        callingHours: { from: '09:00', to: '20:00' },
        retry: { maxAttempts: 2, afterMinutes: 30, on: ['no-answer'] },
      });
      const [asha] = await lease({ max: 1 });
      await report(asha?.callId ?? '', 'no-answer');
      const [ravi] = await lease({ max: 1 });
      expect(ravi?.contact['name']).to.equal('Ravi');

      const call = (state: string, more: Record<string, unknown> = {}) => ({
        state,
        attempts: 0,
        lastOutcome: null,
        nextAttemptAt: null,
        skipReason: null,
        ...more,
      });
      const first = await page('?limit=3');
      expect(first).to.deep.include({
        contacts: rows.slice(0, 3),
        calls: [
          call('waiting', { attempts: 1, nextAttemptAt: '2026-06-01T10:00:00.000Z' }),
          // Due since the start, but 05:30 in New York.
          call('waiting', { nextAttemptAt: NOW }),
          call('skipped', { skipReason: 'unknown-time-zone' }),
        ],
      });
      expect(await page(`?limit=3&cursor=${first['nextCursor'] as string}`)).to.deep.include({
        contacts: rows.slice(3),
        calls: [call('dialling', { attempts: 1 })],
        nextCursor: null,
      });

      await report(ravi?.callId ?? '', 'answered');
      // 09:00 in New York.
      clock.advance(3.5 * 60 * MINUTE);
      expect((await page())['calls']).to.deep.equal([
        call('due', { attempts: 1, nextAttemptAt: '2026-06-01T10:00:00.000Z' }),
        call('due', { nextAttemptAt: NOW }),
        call('skipped', { skipReason: 'unknown-time-zone' }),
        call('finished', { attempts: 1, lastOutcome: 'answered' }),
      ]);
      expect(await contactsOf()).to.deep.include({ due: 2, waiting: 0, skipped: 1, finished: 1 });
    });

    it('lists the campaigns of one status, newest first, page by page', async function () {
      for (const name of ['a', 'b', 'c', 'd']) {
        const created = await post('/createContactAndCampaign', {
          identifierName: name,
          userData: [{ phone_number: '+919876543210' }],
        });
        expect(created.status).to.equal(200);
        clock.advance(1_000);
      }
      for (const name of ['a', 'b', 'd']) await post(`/campaigns/VoiceGenie_campaign_${name}/start`);
      const names = (answer: Answer) =>
        (answer.body.data['campaigns'] as { name: string; status: string }[]).map(({ name, status }) => [name, status]);

      const first = await request('GET', '/campaigns?status=running&limit=2');
      expect(names(first)).to.deep.equal([
        ['VoiceGenie_campaign_d', 'running'],
        ['VoiceGenie_campaign_b', 'running'],
      ]);
      // The campaign the cursor names leaves the status: the next page goes on after it all the same.
      await post('/campaigns/VoiceGenie_campaign_b/pause');
      const cursor = first.body.data['nextCursor'] as string;
      const second = await request('GET', `/campaigns?status=running&limit=2&cursor=${cursor}`);
      expect(names(second)).to.deep.equal([['VoiceGenie_campaign_a', 'running']]);
      expect(second.body.data['nextCursor']).to.equal(null);

      expect(names(await request('GET', '/campaigns?status=paused'))).to.deep.equal([
        ['VoiceGenie_campaign_b', 'paused'],
      ]);
      expect(names(await request('GET', '/campaigns?status=not-yet-started'))).to.deep.equal([
        ['VoiceGenie_campaign_c', 'not-yet-started'],
      ]);
      expect(names(await request('GET', '/campaigns?status=completed'))).to.deep.equal([]);
      expect(names(await request('GET', '/campaigns'))).to.have.length(4);
    });

    it('answers a long poll as soon as a call becomes due', async function () {
      await create([{ phone_number: '+919876543210' }]);
      const waiting = lease({ max: 1, waitMs: 10_000 });
      await post(`/campaigns/${CAMPAIGN}/start`);
      expect((await waiting).map(({ contact }) => contact['phone_number'])).to.deep.equal(['+919876543210']);
    });

    it('names every field of a start, a lease or a report that is wrong, and changes nothing', async function () {
      await create([{ phone_number: '+919876543210' }]);
      const start = await post(`/campaigns/${CAMPAIGN}/start`, {
        startAt: 'tomorrow',
        callingHours: { from: '21:00', to: '08:00' },
        defaultTimeZone: 'Nowhere/City',
        maxConcurrentCalls: 0,
        callsPerMinute: 'many',
        retry: { on: ['answered'] },
        priority: 1,
      });
      expect(start.status).to.equal(400);
      expect((start.body.data['problems'] as { field: string }[]).map(({ field }) => field)).to.have.members([
        'startAt',
        'callingHours.to',
        'defaultTimeZone',
        'maxConcurrentCalls',
        'callsPerMinute',
        'retry.on[0]',
        'priority',
      ]);
      const past = await post(`/campaigns/${CAMPAIGN}/start`, { endAt: '2026-06-01T09:00:00Z' });
      expect(past.body.data['problems']).to.deep.equal([{ field: 'endAt', message: 'must be in the future' }]);
      const days = await post(`/campaigns/${CAMPAIGN}/start`, {
        callingHours: { from: '09:00', to: '17:00', days: ['someday'] },
      });
      expect(days.body.data['problems']).to.deep.equal([
        { field: 'callingHours.days[0]', message: 'must be one of mon, tue, wed, thu, fri, sat, sun' },
      ]);
      expect(await contactsOf()).to.deep.include({ due: 0, waiting: 0 });

      for (const [body, field] of [
        [{ max: 0 }, 'max'],
        [{ max: 101 }, 'max'],
        [{ waitMs: 30_001 }, 'waitMs'],
        [{ campaign: 'no spaces' }, 'campaign'],
        [[], 'body'],
      ] as const) {
        const refused = await post('/calls/lease', body);
        expect(refused.status, JSON.stringify(body)).to.equal(400);
        expect((refused.body.data['problems'] as { field: string }[])[0]?.field).to.equal(field);
      }
      const badOutcome = await post('/calls/any/outcome', { outcome: 'hung-up', durationSeconds: -1 });
      expect(badOutcome.status).to.equal(400);
      expect((badOutcome.body.data['problems'] as { field: string }[]).map(({ field }) => field)).to.deep.equal([
        'outcome',
        'durationSeconds',
      ]);
      expect((await report('no-such-call', 'answered')).status).to.equal(404);

      await post(`/campaigns/${CAMPAIGN}/start`);
      const [call] = await lease({ max: 1 });
      if (call === undefined) throw new Error('expected a call');
      const good = { callId: call.callId, outcome: 'answered' };
      for (const [body, field, message] of [
        [{}, 'outcomes', 'is required'],
        [{ outcomes: [] }, 'outcomes', 'must hold at least one outcome'],
        [
          { outcomes: Array.from({ length: 101 }, (_, index) => ({ ...good, callId: `c${index}` })) },
          'outcomes',
          'must hold at most 100 outcomes',
        ],
        [
          { outcomes: [good, { callId: 'other', outcome: 'hung-up' }] },
          'outcomes[1].outcome',
          'must be one of answered, no-answer, busy, failed, voicemail, opted-out',
        ],
        [{ outcomes: [good, { outcome: 'busy' }] }, 'outcomes[1].callId', 'is required'],
        [{ outcomes: [good, { ...good, callId: '' }] }, 'outcomes[1].callId', 'must not be empty'],
        [{ outcomes: [good, { ...good, outcome: 'busy' }] }, 'outcomes[1].callId', 'repeats outcomes[0].callId'],
        [{ outcomes: [{ ...good, priority: 1 }] }, 'outcomes[0].priority', 'is not a known field'],
        [{ outcomes: good }, 'outcomes', 'must be an array'],
        [{ outcomes: [good, []] }, 'outcomes[1]', 'must be a JSON object'],
        [{ outcomes: [good, { ...good, callId: '\ud800' }] }, 'outcomes[1].callId', NOT_WELL_FORMED_TEXT],
        [
          { outcomes: [good, { ...good, callId: '😀'.repeat(257) }] },
          'outcomes[1].callId',
          'must be at most 256 characters',
        ],
        [{ outcomes: [{ ...good, externalCallId: 'x\udfff' }] }, 'outcomes[0].externalCallId', NOT_WELL_FORMED_TEXT],
      ] as const) {
        const refused = await post('/calls/outcomes', body);
        expect(refused.status, JSON.stringify(body).slice(0, 80)).to.equal(400);
        expect(refused.body.data['problems'], JSON.stringify(body).slice(0, 80)).to.deep.equal([{ field, message }]);
      }
      expect(await contactsOf()).to.deep.include({ dialling: 1, finished: 0 });
      const longId = await post('/calls/outcomes', { outcomes: [{ callId: '😀'.repeat(256), outcome: 'busy' }] });
      expect(longId.body.data['results']).to.deep.include.members([
        { status: 404, message: 'call not found', callId: clipped('😀'.repeat(256)) },
      ]);

      for (const [settings, field] of [
        [{ retry: [] }, 'retry'],
        [{ callingHours: [] }, 'callingHours'],
        [{ retry: null }, 'retry'],
      ] as const) {
        const refused = await post(`/campaigns/${CAMPAIGN}/start`, settings);
        expect(refused.status, JSON.stringify(settings)).to.equal(400);
        expect(refused.body.data['problems']).to.deep.equal([{ field, message: 'must be a JSON object' }]);
      }
    });
  });

  describe('while the storage fails for one call of a batch', function () {
    beforeEach(async function () {
      await serve({}, 1);
    });

    it('answers 500 once every other call is recorded, and the same batch again records the rest', async function () {
      await create([{ phone_number: '+919876543210' }, { phone_number: '+919876543211' }]);
      await post(`/campaigns/${CAMPAIGN}/start`);
      const calls = await lease();
      const outcomes = calls.map(({ callId }) => ({ callId, outcome: 'answered' }));

      const failed = await post('/calls/outcomes', { outcomes });
      expect(failed.status).to.equal(500);
      expect(failed.body.status).to.equal('failed');
      expect(await contactsOf()).to.deep.include({ finished: 1, dialling: 1 });

      const again = await post('/calls/outcomes', { outcomes });
      expect((again.body.data['results'] as { replayed: boolean }[]).map(({ replayed }) => replayed)).to.deep.equal([
        false,
        true,
      ]);
      expect(await contactsOf()).to.deep.include({ finished: 2, dialling: 0 });
    });
  });

  describe('while the server stops', function () {
    let stopping = false;

    beforeEach(async function () {
      stopping = false;
      await serve({ isStopping: () => stopping });
    });

    it('answers a long poll at once with no call, so that dialers do not hold the stop up', async function () {
      const waiting = lease({ max: 1, waitMs: 30_000 });
      stopping = true;
      expect(await waiting).to.deep.equal([]);
    });
  });

  describe('with metrics', function () {
    beforeEach(async function () {
      await serve({ metrics: new Registry() });
    });

    it('counts the calls handed out and the outcomes reported, by kind, never a number', async function () {
      await create([{ phone_number: '+919876543210' }, { phone_number: '+919876543211' }]);
      await post(`/campaigns/${CAMPAIGN}/start`);
      const calls = await lease();
      await report(calls[0]?.callId ?? '', 'answered');
      await report(calls[0]?.callId ?? '', 'answered');
      await report(calls[1]?.callId ?? '', 'busy');
      await post('/calls/outcomes', { outcomes: [{ callId: calls[1]?.callId, outcome: 'busy' }] });

      const exposed = await (await fetch(`${server.url}/metrics`)).text();
      expect(exposed).to.include('outbound_calls_handed_out_total 2');
      expect(exposed).to.include('outbound_call_outcomes_total{outcome="answered"} 1');
      expect(exposed).to.include('outbound_call_outcomes_total{outcome="busy"} 1');
      expect(exposed).not.to.include('9876543210');
    });
  });

  describe('with keys', function () {
    const crm = 'crm-secret-0123456789';
    const ops = 'ops-secret-0123456789';
    const dialer = 'dialer-secret-0123456789';

    beforeEach(async function () {
      await serve({
        apiKeys: [
          { name: 'crm', secret: crm },
          { name: 'ops', secret: ops },
          { name: 'fleet', secret: dialer, role: 'dialer' },
        ],
      });
    });

    it('lets only the owner run its campaign, only a dialer key take and report calls, and a dialer nothing else', async function () {
      await create([{ phone_number: '+919876543210', name: 'Asha' }], crm);

      expect((await post(`/campaigns/${CAMPAIGN}/start`, {}, ops)).status).to.equal(404);
      expect((await post(`/campaigns/${CAMPAIGN}/start`, {}, dialer)).status).to.equal(403);
      expect((await post(`/campaigns/${CAMPAIGN}/start`, {}, crm)).status).to.equal(200);
      for (const action of ['pause', 'resume', 'cancel']) {
        const refused = await post(`/campaigns/${CAMPAIGN}/${action}`, {}, ops);
        expect(refused.status, action).to.equal(404);
      }
      expect((await request('GET', `/campaigns/${CAMPAIGN}`, undefined, crm)).body.data['status']).to.equal('running');

      const refused = await post('/calls/lease', { max: 1 }, crm);
      expect(refused.status).to.equal(403);
      expect(refused.body.data).to.deep.equal({ message: 'forbidden' });

      const [call] = await lease({ max: 1 }, dialer);
      expect(call).to.deep.include({ campaignName: CAMPAIGN, campaignOwner: 'crm' });
      expect(call?.contact).to.deep.equal({ phone_number: '+919876543210', name: 'Asha' });
      if (call === undefined) throw new Error('expected a call');
      expect((await report(call.callId, 'answered', crm)).status).to.equal(403);
      const batch = { outcomes: [{ callId: call.callId, outcome: 'answered' }] };
      expect((await post('/calls/outcomes', batch, crm)).status).to.equal(403);
      expect((await post('/calls/outcomes/', batch, crm)).status).to.equal(403);
      const viaSlash = await post('/calls/outcomes/', batch, dialer);
      expect(viaSlash.body.data['results']).to.deep.equal([
        { status: 200, message: 'recorded', callId: call.callId, replayed: false },
      ]);
      expect((await report(call.callId, 'answered', dialer)).status).to.equal(200);

      for (const path of ['/createContactAndCampaign', `/campaigns/${CAMPAIGN}/pause`]) {
        expect((await post(path, {}, dialer)).status, path).to.equal(403);
      }
      expect((await request('GET', `/campaigns/${CAMPAIGN}`, undefined, dialer)).status).to.equal(403);
      expect((await request('GET', `/campaigns/${CAMPAIGN}`, undefined, crm)).body.data['status']).to.equal(
        'completed',
      );
    });
  });
});
