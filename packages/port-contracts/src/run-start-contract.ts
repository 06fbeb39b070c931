import type { CampaignStatus, OwnedName } from '@outbound/domain';
import { expect } from 'chai';
import { aReport, aRunStart, plansToCall, skippedFor, someRunSettings, toCall } from './campaign-runs-mother.js';
import {
  LONDON,
  LONDON_OR_NEW_YORK,
  NEW_YORK,
  T0,
  after,
  contactsBy,
  outcomesBy,
  skippedBy,
  sortedByZoneKey,
  type RunsKit,
} from './campaign-runs-kit.js';
import { named, someContactRows } from './contact-rows-mother.js';

/** What `findRun`, `start` and `changeStatus` promise. */
export function runStartContract(kit: RunsKit): void {
  const statusOf = async (campaign: OwnedName) => (await kit.runs.findRun(campaign, T0))?.status;

  describe('findRun', function () {
    it('answers a campaign not yet started: no settings, no times, every count zero', async function () {
      const campaign = await kit.aCampaign('fresh', { owner: 'crm', rows: someContactRows(4) });

      expect(await kit.runs.findRun(campaign, T0)).to.deep.equal({
        createdBy: 'crm',
        name: 'Brand_campaign_fresh',
        status: 'not-yet-started',
        settings: null,
        startedAt: null,
        endedAt: null,
        rowCount: 4,
        contacts: contactsBy(),
        outcomes: outcomesBy(),
        skipped: skippedBy(),
        attempts: 0,
        waitingReached: [],
      });
    });

    it('answers null for a campaign its owner does not hold, whoever else holds the name', async function () {
      await kit.aCampaign('held', { owner: 'crm' });

      expect(await kit.runs.findRun(named('Brand_campaign_held', 'ops'), T0)).to.equal(null);
      expect(await kit.runs.findRun(named('Brand_campaign_held'), T0)).to.equal(null);
      expect(await kit.runs.findRun(named('Brand_campaign_Held', 'crm'), T0)).to.equal(null);
      expect(await kit.runs.findRun(named('Brand_campaign_missing', 'crm'), T0)).to.equal(null);
    });

    it('counts contacts by state, finished ones by outcome, skipped ones by reason, and every attempt', async function () {
      const { campaign, start } = await kit.aStartedRun('counted', {
        rows: someContactRows(6),
        plans: [
          toCall(LONDON),
          toCall(LONDON),
          toCall(NEW_YORK),
          toCall(NEW_YORK),
          skippedFor('unknown-time-zone'),
          skippedFor('no-common-calling-hours', LONDON_OR_NEW_YORK),
        ],
      });
      const runId = await kit.runIdOf(campaign, T0);
      const [answered, retried] = await kit.claimAt(runId, T0, 3);
      await kit.runs.settle(answered?.callId ?? '', aReport('answered', after(1)));
      await kit.runs.settle(retried?.callId ?? '', aReport('no-answer', after(1), after(60)));

      expect(await kit.runs.findRun(campaign, after(1))).to.deep.equal({
        createdBy: null,
        name: 'Brand_campaign_counted',
        status: 'running',
        settings: start.settings,
        startedAt: T0,
        endedAt: null,
        rowCount: 6,
        contacts: contactsBy({ waiting: 2, dialling: 1, finished: 1, skipped: 2 }),
        // An attempt tried again leaves no outcome: only finished contacts count theirs.
        outcomes: outcomesBy({ answered: 1 }),
        skipped: skippedBy({ 'unknown-time-zone': 1, 'no-common-calling-hours': 1 }),
        attempts: 3,
        waitingReached: [{ zoneKey: NEW_YORK, count: 1 }],
      });
    });

    it('counts the waiting contacts whose next attempt has come at the time asked, per zone key', async function () {
      const { campaign } = await kit.aStartedRun('reached', {
        rows: someContactRows(5),
        plans: [toCall(LONDON), toCall(NEW_YORK), toCall(LONDON), toCall(LONDON_OR_NEW_YORK), toCall(LONDON)],
      });
      const runId = await kit.runIdOf(campaign, T0);
      const [first] = await kit.claimAt(runId, T0, 1);
      await kit.runs.settle(first?.callId ?? '', aReport('busy', after(1), after(30)));

      const reached = async (now: Date) =>
        sortedByZoneKey((await kit.runs.findRun(campaign, now))?.waitingReached ?? []);

      expect(await reached(after(0, -1))).to.deep.equal([]);
      expect(await reached(T0)).to.deep.equal([
        { zoneKey: NEW_YORK, count: 1 },
        { zoneKey: LONDON_OR_NEW_YORK, count: 1 },
        { zoneKey: LONDON, count: 2 },
      ]);
      expect(await reached(after(30))).to.deep.equal([
        { zoneKey: NEW_YORK, count: 1 },
        { zoneKey: LONDON_OR_NEW_YORK, count: 1 },
        { zoneKey: LONDON, count: 3 },
      ]);
    });
  });

  describe('start', function () {
    it("stores the status, the settings, the start time and every contact's plan, and answers started", async function () {
      const campaign = await kit.aCampaign('started', { owner: 'crm', rows: someContactRows(4) });
      const settings = someRunSettings({
        endAt: after(24 * 60),
        callingHours: { from: '09:00', to: '17:30', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
        defaultTimeZone: LONDON,
        maxConcurrentCalls: 5,
        callsPerMinute: 30,
        retry: { maxAttempts: 2, afterMinutes: 30, on: ['no-answer', 'voicemail'] },
      });

      const plans = [toCall(LONDON), toCall(NEW_YORK), skippedFor('unknown-time-zone'), toCall(LONDON)];

      const result = await kit.runs.start(aRunStart(campaign, plans, T0, settings));

      expect(result).to.deep.equal({ status: 'started' });
      const run = await kit.runs.findRun(campaign, T0);
      expect({ ...run, waitingReached: sortedByZoneKey(run?.waitingReached ?? []) }).to.deep.equal({
        createdBy: 'crm',
        name: 'Brand_campaign_started',
        status: 'running',
        settings,
        startedAt: T0,
        endedAt: null,
        rowCount: 4,
        contacts: contactsBy({ waiting: 3, skipped: 1 }),
        outcomes: outcomesBy(),
        skipped: skippedBy({ 'unknown-time-zone': 1 }),
        attempts: 0,
        waitingReached: [
          { zoneKey: NEW_YORK, count: 1 },
          { zoneKey: LONDON, count: 2 },
        ],
      });
    });

    it('stores the plan of every contact of a campaign larger than one statement writes', async function () {
      const { campaign } = await kit.aStartedRun('large', { rows: someContactRows(1_203) });

      expect(await kit.runs.findRun(campaign, T0)).to.deep.include({
        status: 'running',
        rowCount: 1_203,
        contacts: contactsBy({ waiting: 1_203 }),
        waitingReached: [{ zoneKey: '', count: 1_203 }],
      });
    });

    it("stores the status as the campaign's own, which its summary shows", async function () {
      const { campaign } = await kit.aStartedRun('shown');
      expect((await kit.campaigns.findSummary(campaign))?.status).to.equal('running');

      await kit.runs.changeStatus(campaign, { from: 'running', to: 'paused', at: after(1) });

      expect((await kit.campaigns.findSummary(campaign))?.status).to.equal('paused');
    });

    it('stores a scheduled start, its first attempts at settings.startAt', async function () {
      const settings = someRunSettings({ startAt: after(120) });
      const { campaign } = await kit.aStartedRun('scheduled', { settings });

      expect(await kit.runs.findRun(campaign, after(120, -1))).to.deep.include({
        status: 'scheduled',
        settings,
        startedAt: T0,
        contacts: contactsBy({ waiting: 3 }),
        waitingReached: [],
      });
      expect((await kit.runs.findRun(campaign, after(120)))?.waitingReached).to.deep.equal([{ zoneKey: '', count: 3 }]);
    });

    it('puts the first attempts at the start time when the settings have no startAt', async function () {
      const { campaign } = await kit.aStartedRun('at-once', { at: after(7) });

      expect((await kit.runs.findRun(campaign, after(7, -1)))?.waitingReached).to.deep.equal([]);
      expect((await kit.runs.findRun(campaign, after(7)))?.waitingReached).to.deep.equal([{ zoneKey: '', count: 3 }]);
      expect(await kit.runs.findRun(campaign, after(7))).to.deep.include({ status: 'running', startedAt: after(7) });
    });

    it('stores a campaign whose every contact is skipped as completed at its start', async function () {
      const campaign = await kit.aCampaign('none-to-call', { rows: someContactRows(2) });
      const start = {
        ...aRunStart(campaign, [skippedFor('unknown-time-zone'), skippedFor('no-common-calling-hours')], T0),
        status: 'completed' as const,
      };

      expect(await kit.runs.start(start)).to.deep.equal({ status: 'started' });

      expect(await kit.runs.findRun(campaign, after(1))).to.deep.include({
        status: 'completed',
        startedAt: T0,
        endedAt: T0,
        contacts: contactsBy({ skipped: 2 }),
      });
      expect(await kit.runs.findClaimable({ now: after(1) })).to.deep.equal([]);
    });

    it('stores nothing and answers not-startable with the run as it is, once started', async function () {
      const { campaign, start } = await kit.aStartedRun('twice', {
        settings: someRunSettings({ maxConcurrentCalls: 1 }),
      });

      const again = await kit.runs.start(
        aRunStart(campaign, plansToCall(3, LONDON), after(1), someRunSettings({ startAt: after(60) })),
      );

      const run = await kit.runs.findRun(campaign, after(1));
      expect(again).to.deep.equal({ status: 'not-startable', run });
      expect(run).to.deep.include({
        status: 'running',
        settings: start.settings,
        startedAt: T0,
        waitingReached: [{ zoneKey: '', count: 3 }],
      });
    });

    it('answers not-startable for a campaign cancelled before it was started', async function () {
      const campaign = await kit.aCampaign('cancelled-first');
      expect(await kit.runs.changeStatus(campaign, { from: 'not-yet-started', to: 'cancelled', at: T0 })).to.equal(
        'changed',
      );

      const result = await kit.runs.start(aRunStart(campaign, plansToCall(3), after(1)));

      expect(result).to.deep.equal({ status: 'not-startable', run: await kit.runs.findRun(campaign, after(1)) });
      expect(result?.status === 'not-startable' && result.run).to.deep.include({
        status: 'cancelled',
        settings: null,
        startedAt: null,
        endedAt: T0,
        contacts: contactsBy(),
      });
    });

    it('answers null for a campaign its owner does not hold, and starts nothing', async function () {
      const campaign = await kit.aCampaign('owned', { owner: 'crm' });

      for (const stranger of [named(campaign.name, 'ops'), named(campaign.name), named('Brand_campaign_none', 'crm')]) {
        expect(await kit.runs.start(aRunStart(stranger, plansToCall(3), T0))).to.equal(null);
      }
      expect(await statusOf(campaign)).to.equal('not-yet-started');
    });

    it("starts each owner's campaign of one name apart", async function () {
      const crm = await kit.aCampaign('shared', { owner: 'crm', rows: someContactRows(2, 1) });
      const ops = await kit.aCampaign('shared', { owner: 'ops', rows: someContactRows(5, 2) });

      expect(await kit.runs.start(aRunStart(crm, plansToCall(2), T0))).to.deep.equal({ status: 'started' });
      expect(await kit.runs.findRun(ops, T0)).to.deep.include({ status: 'not-yet-started', rowCount: 5 });
      expect(await kit.runs.start(aRunStart(ops, plansToCall(5), after(1)))).to.deep.equal({ status: 'started' });

      expect(await kit.runs.findRun(crm, after(1))).to.deep.include({
        startedAt: T0,
        contacts: contactsBy({ waiting: 2 }),
      });
      expect(await kit.runs.findRun(ops, after(1))).to.deep.include({
        startedAt: after(1),
        contacts: contactsBy({ waiting: 5 }),
      });
    });

    it('of simultaneous starts of one campaign, exactly one answers started, and only its start is stored', async function () {
      const campaign = await kit.aCampaign('race', { rows: someContactRows(20) });
      const starts = Array.from({ length: 8 }, (_, index) =>
        aRunStart(campaign, plansToCall(20), after(index), someRunSettings({ maxConcurrentCalls: index + 1 })),
      );

      const results = await Promise.all(starts.map((start) => kit.runs.start(start)));

      const winners = starts.filter((_, index) => results[index]?.status === 'started');
      expect(winners).to.have.length(1);
      expect(results.filter((result) => result?.status === 'not-startable')).to.have.length(7);
      expect(await kit.runs.findRun(campaign, after(10))).to.deep.include({
        status: 'running',
        settings: winners[0]?.settings,
        startedAt: winners[0]?.at,
        contacts: contactsBy({ waiting: 20 }),
      });
    });
  });

  describe('changeStatus', function () {
    it('changes a status that is still the one read, leaving endedAt null for one that does not end', async function () {
      const { campaign } = await kit.aStartedRun('paused');

      expect(await kit.runs.changeStatus(campaign, { from: 'running', to: 'paused', at: after(1) })).to.equal(
        'changed',
      );
      expect(await kit.runs.findRun(campaign, after(1))).to.deep.include({ status: 'paused', endedAt: null });
      expect(await kit.runs.changeStatus(campaign, { from: 'paused', to: 'running', at: after(2) })).to.equal(
        'changed',
      );
      expect(await kit.runs.findRun(campaign, after(2))).to.deep.include({ status: 'running', endedAt: null });
    });

    for (const to of ['completed', 'cancelled'] as const) {
      it(`records the time as endedAt when the status becomes ${to}`, async function () {
        const { campaign } = await kit.aStartedRun(`ended-${to}`);

        expect(await kit.runs.changeStatus(campaign, { from: 'running', to, at: after(5, 7) })).to.equal('changed');

        expect(await kit.runs.findRun(campaign, after(6))).to.deep.include({ status: to, endedAt: after(5, 7) });
      });
    }

    it('answers stale and changes nothing when the status is no longer the one read', async function () {
      const { campaign } = await kit.aStartedRun('stale');

      expect(await kit.runs.changeStatus(campaign, { from: 'paused', to: 'running', at: after(1) })).to.equal('stale');
      expect(await kit.runs.changeStatus(campaign, { from: 'scheduled', to: 'cancelled', at: after(1) })).to.equal(
        'stale',
      );
      expect(
        await kit.runs.changeStatus(campaign, { from: 'not-yet-started', to: 'cancelled', at: after(1) }),
      ).to.equal('stale');

      expect(await kit.runs.findRun(campaign, after(1))).to.deep.include({ status: 'running', endedAt: null });
    });

    it('answers null for a campaign its owner does not hold, and changes nothing', async function () {
      const campaign = await kit.aCampaign('not-theirs', { owner: 'crm' });
      const change = { from: 'not-yet-started', to: 'cancelled', at: T0 } as const;

      expect(await kit.runs.changeStatus(named(campaign.name, 'ops'), change)).to.equal(null);
      expect(await kit.runs.changeStatus(named(campaign.name), change)).to.equal(null);
      expect(await kit.runs.changeStatus(named('Brand_campaign_none', 'crm'), change)).to.equal(null);
      expect(await statusOf(campaign)).to.equal('not-yet-started');
    });

    it("changes one owner's campaign only, another owner's of the same name staying as it was", async function () {
      const crm = await kit.aCampaign('two-owners', { owner: 'crm' });
      const ops = await kit.aCampaign('two-owners', { owner: 'ops' });

      expect(await kit.runs.changeStatus(ops, { from: 'not-yet-started', to: 'cancelled', at: T0 })).to.equal(
        'changed',
      );

      expect(await statusOf(crm)).to.equal('not-yet-started');
      expect(await statusOf(ops)).to.equal('cancelled');
    });

    it('of simultaneous changes from one status, exactly one is made', async function () {
      const { campaign } = await kit.aStartedRun('contended');
      const targets: CampaignStatus[] = ['paused', 'cancelled', 'completed', 'paused', 'cancelled', 'completed'];

      const results = await Promise.all(
        targets.map((to, index) => kit.runs.changeStatus(campaign, { from: 'running', to, at: after(1, index) })),
      );

      expect(results.filter((result) => result === 'changed')).to.have.length(1);
      expect(results.filter((result) => result === 'stale')).to.have.length(targets.length - 1);
      const made = results.indexOf('changed');
      const run = await kit.runs.findRun(campaign, after(2));
      expect(run?.status).to.equal(targets[made]);
      expect(run?.endedAt).to.deep.equal(targets[made] === 'paused' ? null : after(1, made));
    });
  });
}
