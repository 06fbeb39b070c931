import type {
  CallOutcome,
  CampaignStatus,
  CampaignSummary,
  ContactCall,
  ContactPlan,
  SkipReason,
} from '@outbound/domain';
import { expect } from 'chai';
import { aReport, aRunStart, plansToCall, skippedFor, someRunSettings, toCall } from './campaign-runs-mother.js';
import { LONDON, LONDON_OR_NEW_YORK, NEW_YORK, T0, after, type RunsKit } from './campaign-runs-kit.js';
import { named, someContactRows } from './contact-rows-mother.js';

/** A contact waiting for its attempt at `at`. */
function waiting(at: Date, zoneKey = '', attempts = 0): ContactCall {
  return { zoneKey, state: 'waiting', attempts, lastOutcome: null, nextAttemptAt: at, skipReason: null };
}

function skipped(reason: SkipReason, zoneKey = ''): ContactCall {
  return { zoneKey, state: 'skipped', attempts: 0, lastOutcome: null, nextAttemptAt: null, skipReason: reason };
}

function inState(state: 'dialling' | 'expired', attempts: number, zoneKey = ''): ContactCall {
  return { zoneKey, state, attempts, lastOutcome: null, nextAttemptAt: null, skipReason: null };
}

function finished(outcome: CallOutcome, attempts: number, zoneKey = ''): ContactCall {
  return { zoneKey, state: 'finished', attempts, lastOutcome: outcome, nextAttemptAt: null, skipReason: null };
}

/** What `readCalls` promises, and what the status the runs store does to `CampaignUploader.findNewestFirst`. */
export function runReadContract(kit: RunsKit): void {
  describe('readCalls', function () {
    const everyCall = { fromPosition: 0, limit: 100 };

    it('answers each contact by position as its start stored it, with the settings', async function () {
      const settings = someRunSettings({
        startAt: after(60),
        callingHours: { from: '09:00', to: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
        defaultTimeZone: LONDON,
      });
      const { campaign } = await kit.aStartedRun('as-started', {
        owner: 'crm',
        rows: someContactRows(4),
        plans: [
          toCall(LONDON),
          skippedFor('unknown-time-zone'),
          toCall(LONDON_OR_NEW_YORK),
          skippedFor('no-common-calling-hours', LONDON_OR_NEW_YORK),
        ],
        settings,
      });

      expect(await kit.runs.readCalls(campaign, everyCall)).to.deep.equal({
        settings,
        calls: [
          waiting(after(60), LONDON),
          skipped('unknown-time-zone'),
          waiting(after(60), LONDON_OR_NEW_YORK),
          skipped('no-common-calling-hours', LONDON_OR_NEW_YORK),
        ],
      });
    });

    it('answers where each contact stands as its calls go: out, finished, waiting for a retry, expired', async function () {
      const { campaign } = await kit.aStartedRun('as-called', {
        rows: someContactRows(5),
        plans: [toCall(LONDON), toCall(NEW_YORK), toCall(LONDON), toCall(NEW_YORK), toCall(LONDON)],
        settings: someRunSettings({ endAt: after(120) }),
      });
      const claimed = await kit.claimAt(await kit.runIdOf(campaign, T0), T0, 3);
      expect(claimed).to.have.length(3);
      const [answered, retried] = claimed;
      await kit.runs.settle(answered?.callId ?? '', aReport('answered', after(1)));
      await kit.runs.settle(retried?.callId ?? '', aReport('no-answer', after(1), after(30)));

      expect((await kit.runs.readCalls(campaign, everyCall))?.calls).to.deep.equal([
        finished('answered', 1, LONDON),
        waiting(after(30), NEW_YORK, 1),
        inState('dialling', 1, LONDON),
        waiting(T0, NEW_YORK),
        waiting(T0, LONDON),
      ]);

      await kit.runs.expireEnded(after(120));

      expect((await kit.runs.readCalls(campaign, everyCall))?.calls).to.deep.equal([
        finished('answered', 1, LONDON),
        inState('expired', 1, NEW_YORK),
        inState('dialling', 1, LONDON),
        inState('expired', 0, NEW_YORK),
        inState('expired', 0, LONDON),
      ]);
    });

    it('reads a page from any position, at most limit of them, fewer at the end and none past it', async function () {
      const zoneKeys = [LONDON, NEW_YORK, '', LONDON_OR_NEW_YORK];
      const plans: ContactPlan[] = Array.from({ length: 1_203 }, (_, position) =>
        position % 7 === 3 ? skippedFor('unknown-time-zone') : toCall(zoneKeys[position % 4] ?? ''),
      );
      const { campaign } = await kit.aStartedRun('paged', { rows: someContactRows(1_203), plans });
      const expected = plans.map(({ zoneKey, skipped: reason }) =>
        reason === null ? waiting(T0, zoneKey) : skipped(reason, zoneKey),
      );

      const read: ContactCall[] = [];
      for (let fromPosition = 0; fromPosition < 1_203; fromPosition += 500) {
        const page = await kit.runs.readCalls(campaign, { fromPosition, limit: 500 });
        expect(page?.calls.length).to.equal(Math.min(500, 1_203 - fromPosition));
        read.push(...(page?.calls ?? []));
      }
      expect(read).to.deep.equal(expected);

      expect((await kit.runs.readCalls(campaign, { fromPosition: 1_000, limit: 2 }))?.calls).to.deep.equal(
        expected.slice(1_000, 1_002),
      );
      expect((await kit.runs.readCalls(campaign, { fromPosition: 1_203, limit: 10 }))?.calls).to.deep.equal([]);
      expect((await kit.runs.readCalls(campaign, { fromPosition: 5_000, limit: 10 }))?.calls).to.deep.equal([]);
    });

    it('answers no settings and no calls before the start, cancelled or not', async function () {
      const fresh = await kit.aCampaign('not-started', { rows: someContactRows(3) });
      const cancelled = await kit.aCampaign('cancelled-first', { rows: someContactRows(3) });
      await kit.runs.changeStatus(cancelled, { from: 'not-yet-started', to: 'cancelled', at: T0 });

      for (const campaign of [fresh, cancelled]) {
        expect(await kit.runs.readCalls(campaign, everyCall)).to.deep.equal({ settings: null, calls: [] });
      }
    });

    it("answers null for a campaign its owner does not hold, and each owner's own calls under one name", async function () {
      const crm = await kit.aCampaign('shared', { owner: 'crm', rows: someContactRows(2, 1) });
      const ops = await kit.aCampaign('shared', { owner: 'ops', rows: someContactRows(3, 2) });
      await kit.runs.start(aRunStart(ops, plansToCall(3, NEW_YORK), T0));

      expect(await kit.runs.readCalls(crm, everyCall)).to.deep.equal({ settings: null, calls: [] });
      expect((await kit.runs.readCalls(ops, everyCall))?.calls).to.deep.equal([
        waiting(T0, NEW_YORK),
        waiting(T0, NEW_YORK),
        waiting(T0, NEW_YORK),
      ]);
      for (const stranger of [named(crm.name), named(crm.name, 'dialer'), named('Brand_campaign_Shared', 'crm')]) {
        expect(await kit.runs.readCalls(stranger, everyCall)).to.equal(null);
      }
    });
  });

  describe('the status CampaignUploader lists campaigns by', function () {
    const names = (found: readonly { name: string }[]) => found.map((campaign) => campaign.name);

    it('is the one the runs store, a page starting after a campaign whatever its status is now', async function () {
      // Created in one millisecond: newest first, the names decide.
      for (const suffix of ['a', 'b', 'c', 'd', 'e']) await kit.aCampaign(suffix, { owner: 'crm' });
      await kit.aCampaign('f', { owner: 'ops' });
      for (const suffix of ['b', 'c', 'e']) {
        await kit.runs.start(aRunStart(named(`Brand_campaign_${suffix}`, 'crm'), plansToCall(3), T0));
      }
      await kit.runs.start(aRunStart(named('Brand_campaign_f', 'ops'), plansToCall(3), T0));
      await kit.runs.changeStatus(named('Brand_campaign_c', 'crm'), { from: 'running', to: 'paused', at: after(1) });
      const listed = async (status: CampaignStatus, limit = 10, afterCampaign?: CampaignSummary) =>
        names(
          await kit.campaigns.findNewestFirst({
            createdBy: 'crm',
            limit,
            status,
            ...(afterCampaign === undefined ? {} : { after: afterCampaign }),
          }),
        );

      expect(await listed('running')).to.deep.equal(['Brand_campaign_e', 'Brand_campaign_b']);
      expect(await listed('paused')).to.deep.equal(['Brand_campaign_c']);
      expect(await listed('not-yet-started')).to.deep.equal(['Brand_campaign_d', 'Brand_campaign_a']);
      expect(await listed('completed')).to.deep.equal([]);

      const [newest] = await kit.campaigns.findNewestFirst({ createdBy: 'crm', limit: 1, status: 'running' });
      expect(newest?.name).to.equal('Brand_campaign_e');
      await kit.runs.changeStatus(named('Brand_campaign_e', 'crm'), { from: 'running', to: 'cancelled', at: after(2) });

      expect(await listed('running', 1, newest)).to.deep.equal(['Brand_campaign_b']);
      expect(await listed('cancelled')).to.deep.equal(['Brand_campaign_e']);
    });
  });
}
