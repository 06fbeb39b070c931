import type { ClaimableRun, LeasedCall } from '@outbound/domain';
import { expect } from 'chai';
import { aReport, plansToCall, skippedFor, someRunSettings, toCall } from './campaign-runs-mother.js';
import {
  LEASE_MINUTES,
  LONDON,
  LONDON_OR_NEW_YORK,
  NEW_YORK,
  T0,
  after,
  contactsBy,
  contactsOf,
  type RunsKit,
} from './campaign-runs-kit.js';
import { someContactRows } from './contact-rows-mother.js';
import { rowsThatMustSurviveExactly } from './row-pages.js';

/** What `findClaimable` and `claim` promise. */
export function runClaimContract(kit: RunsKit): void {
  const names = (found: readonly ClaimableRun[]) => found.map(({ createdBy, name }) => `${createdBy}/${name}`);

  describe('findClaimable', function () {
    it('finds running campaigns and scheduled ones whose start has come, oldest start first', async function () {
      // Started in another order than their start times, so only those times can give the order found.
      await kit.aStartedRun('due', { at: after(3), settings: someRunSettings({ startAt: after(5) }) });
      await kit.aStartedRun('late', { at: after(2) });
      await kit.aStartedRun('early', { at: T0 });
      await kit.aStartedRun('later', { settings: someRunSettings({ startAt: after(60) }) });
      for (const status of ['paused', 'cancelled', 'completed'] as const) {
        const { campaign } = await kit.aStartedRun(status);
        expect(await kit.runs.changeStatus(campaign, { from: 'running', to: status, at: after(1) })).to.equal(
          'changed',
        );
      }
      await kit.aCampaign('fresh');

      expect(names(await kit.runs.findClaimable({ now: after(5, -1) }))).to.deep.equal([
        'null/Brand_campaign_early',
        'null/Brand_campaign_late',
      ]);
      expect(names(await kit.runs.findClaimable({ now: after(5) }))).to.deep.equal([
        'null/Brand_campaign_early',
        'null/Brand_campaign_late',
        'null/Brand_campaign_due',
      ]);
    });

    it('answers with each run its id, settings and every distinct zone key of its contacts', async function () {
      const settings = someRunSettings({
        callingHours: { from: '09:00', to: '20:00', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
        maxConcurrentCalls: 3,
      });
      await kit.aStartedRun('zoned', {
        owner: 'crm',
        rows: someContactRows(6),
        settings,
        plans: [
          toCall(LONDON),
          toCall(NEW_YORK),
          toCall(LONDON),
          skippedFor('no-common-calling-hours', LONDON_OR_NEW_YORK),
          skippedFor('unknown-time-zone'),
          toCall(NEW_YORK),
        ],
      });
      await kit.aStartedRun('plain', { owner: 'crm' });

      const found = await kit.runs.findClaimable({ now: T0 });

      expect(found.map(({ runId, zoneKeys, ...rest }) => ({ ...rest, zoneKeys: [...zoneKeys].sort() }))).to.deep.equal([
        {
          createdBy: 'crm',
          name: 'Brand_campaign_zoned',
          settings,
          zoneKeys: ['', NEW_YORK, LONDON_OR_NEW_YORK, LONDON],
        },
        { createdBy: 'crm', name: 'Brand_campaign_plain', settings: someRunSettings(), zoneKeys: [''] },
      ]);
      const [zoned, plain] = found.map((run) => run.runId);
      expect(zoned).to.be.a('string').and.not.equal(plain);
    });

    it("finds one owner's campaigns only when asked, null being the owner of those created without a key", async function () {
      await kit.aStartedRun('shared', { owner: 'crm', at: T0 });
      await kit.aStartedRun('shared', { owner: 'ops', at: after(1) });
      await kit.aStartedRun('shared', { owner: null, at: after(2) });
      const now = after(3);

      expect(names(await kit.runs.findClaimable({ now }))).to.deep.equal([
        'crm/Brand_campaign_shared',
        'ops/Brand_campaign_shared',
        'null/Brand_campaign_shared',
      ]);
      expect(names(await kit.runs.findClaimable({ now, owner: 'ops' }))).to.deep.equal(['ops/Brand_campaign_shared']);
      expect(names(await kit.runs.findClaimable({ now, owner: null }))).to.deep.equal(['null/Brand_campaign_shared']);
      expect(await kit.runs.findClaimable({ now, owner: 'dialer' })).to.deep.equal([]);
    });

    it('finds campaigns of one name only when asked, of that owner when one is given too', async function () {
      await kit.aStartedRun('one', { owner: 'crm', at: T0 });
      await kit.aStartedRun('two', { owner: 'crm', at: after(1) });
      await kit.aStartedRun('one', { owner: 'ops', at: after(2) });
      const now = after(3);

      expect(names(await kit.runs.findClaimable({ now, name: 'Brand_campaign_one' }))).to.deep.equal([
        'crm/Brand_campaign_one',
        'ops/Brand_campaign_one',
      ]);
      expect(names(await kit.runs.findClaimable({ now, owner: 'crm', name: 'Brand_campaign_two' }))).to.deep.equal([
        'crm/Brand_campaign_two',
      ]);
      expect(await kit.runs.findClaimable({ now, owner: 'ops', name: 'Brand_campaign_two' })).to.deep.equal([]);
      expect(await kit.runs.findClaimable({ now, name: 'Brand_campaign_One' })).to.deep.equal([]);
    });
  });

  describe('claim', function () {
    it('hands out the due calls of open zones, each with its campaign, attempt, lease and row', async function () {
      const { campaign, rows } = await kit.aStartedRun('due', {
        owner: 'crm',
        rows: someContactRows(5),
        plans: [toCall(LONDON), toCall(NEW_YORK), toCall(LONDON), skippedFor('unknown-time-zone'), toCall(NEW_YORK)],
      });
      const runId = await kit.runIdOf(campaign, T0);
      const leaseExpiresAt = after(LEASE_MINUTES);

      const london = await kit.claimAt(runId, T0, 10, [LONDON]);

      expect(london.map(({ callId, ...call }) => call)).to.deep.equal([
        { campaign, attempt: 1, leaseExpiresAt, contact: rows[0] },
        { campaign, attempt: 1, leaseExpiresAt, contact: rows[2] },
      ]);
      expect(contactsOf(await kit.claimAt(runId, T0, 10, [LONDON]))).to.deep.equal([]);
      expect(contactsOf(await kit.claimAt(runId, T0, 10, null))).to.deep.equal([rows[1], rows[4]]);
      expect(await kit.runs.findRun(campaign, T0)).to.deep.include({
        contacts: contactsBy({ dialling: 4, skipped: 1 }),
        attempts: 4,
      });
    });

    it('hands out each row exactly as stored, custom fields included', async function () {
      const rows = rowsThatMustSurviveExactly();
      const { campaign } = await kit.aStartedRun('exact', { rows });

      const calls = await kit.claimAt(await kit.runIdOf(campaign, T0), T0);

      expect(contactsOf(calls)).to.deep.equal(rows);
      expect(calls.map((call) => JSON.stringify(call.contact.otherDetails))).to.deep.equal(
        rows.map((row) => JSON.stringify(row.otherDetails)),
      );
    });

    it('hands out none when no zone is open, or none of the open ones holds a due contact', async function () {
      const { campaign } = await kit.aStartedRun('closed', { plans: plansToCall(3, LONDON) });
      const runId = await kit.runIdOf(campaign, T0);

      expect(await kit.claimAt(runId, T0, 10, [])).to.deep.equal([]);
      expect(await kit.claimAt(runId, T0, 10, [NEW_YORK, LONDON_OR_NEW_YORK])).to.deep.equal([]);
      expect(await kit.runs.findRun(campaign, T0)).to.deep.include({
        contacts: contactsBy({ waiting: 3 }),
        attempts: 0,
      });
    });

    it('hands out no call before its first attempt, and makes a scheduled campaign running once its start comes', async function () {
      const { campaign, rows } = await kit.aStartedRun('scheduled', {
        settings: someRunSettings({ startAt: after(10) }),
      });
      const runId = await kit.runIdOf(campaign, after(10));

      expect(await kit.claimAt(runId, after(10, -1))).to.deep.equal([]);
      expect(await kit.runs.findRun(campaign, after(10, -1))).to.deep.include({ status: 'scheduled' });

      expect(contactsOf(await kit.claimAt(runId, after(10)))).to.deep.equal(rows);
      expect(await kit.runs.findRun(campaign, after(10))).to.deep.include({ status: 'running' });
    });

    it('makes a scheduled campaign running once its start comes, even with no zone open', async function () {
      const { campaign } = await kit.aStartedRun('opened', { settings: someRunSettings({ startAt: after(10) }) });

      expect(await kit.claimAt(await kit.runIdOf(campaign, after(10)), after(10), 10, [])).to.deep.equal([]);

      expect(await kit.runs.findRun(campaign, after(10))).to.deep.include({ status: 'running' });
    });

    it('hands out at most max calls, by next attempt time, then by position', async function () {
      const { campaign, rows } = await kit.aStartedRun('ordered', { rows: someContactRows(5) });
      const runId = await kit.runIdOf(campaign, T0);
      const first = await kit.claimAt(runId, T0, 4);
      expect(contactsOf(first)).to.deep.equal(rows.slice(0, 4));
      const retryAt = [after(20), null, after(10), after(10)];
      await Promise.all(
        first.map((call, index) => kit.runs.settle(call.callId, aReport('busy', after(1), retryAt[index]))),
      );

      expect(contactsOf(await kit.claimAt(runId, after(15), 2))).to.deep.equal([rows[4], rows[2]]);
      expect(contactsOf(await kit.claimAt(runId, after(30), 5))).to.deep.equal([rows[3], rows[0]]);
    });

    it('hands out no more than max at a time, until nothing is due', async function () {
      const { campaign, rows } = await kit.aStartedRun('paged', { rows: someContactRows(5) });
      const runId = await kit.runIdOf(campaign, T0);

      expect(contactsOf(await kit.claimAt(runId, T0, 2))).to.deep.equal(rows.slice(0, 2));
      expect(contactsOf(await kit.claimAt(runId, T0, 2))).to.deep.equal(rows.slice(2, 4));
      expect(contactsOf(await kit.claimAt(runId, T0, 2))).to.deep.equal(rows.slice(4));
      expect(await kit.claimAt(runId, T0, 2)).to.deep.equal([]);
    });

    for (const status of ['paused', 'cancelled', 'completed'] as const) {
      it(`hands out none for a ${status} campaign`, async function () {
        const { campaign } = await kit.aStartedRun(`was-running-${status}`);
        const runId = await kit.runIdOf(campaign, T0);
        await kit.runs.changeStatus(campaign, { from: 'running', to: status, at: T0 });

        expect(await kit.claimAt(runId, after(1))).to.deep.equal([]);
        expect(await kit.runs.findRun(campaign, after(1))).to.deep.include({
          status,
          contacts: contactsBy({ waiting: 3 }),
          attempts: 0,
        });
      });
    }

    it('hands out none once the campaign is past its endAt', async function () {
      const { campaign } = await kit.aStartedRun('ending', { settings: someRunSettings({ endAt: after(60) }) });
      const runId = await kit.runIdOf(campaign, T0);

      expect(await kit.claimAt(runId, after(60, 1))).to.deep.equal([]);
      expect(await kit.claimAt(runId, after(60, -1), 1)).to.have.length(1);
    });

    it('keeps no more than maxConcurrentCalls out at once', async function () {
      const { campaign, rows } = await kit.aStartedRun('concurrent', {
        rows: someContactRows(5),
        settings: someRunSettings({ maxConcurrentCalls: 2 }),
      });
      const runId = await kit.runIdOf(campaign, T0);

      const out = await kit.claimAt(runId, T0, 10);
      expect(contactsOf(out)).to.deep.equal(rows.slice(0, 2));
      expect(await kit.claimAt(runId, after(1), 10)).to.deep.equal([]);
      await kit.runs.settle(out[0]?.callId ?? '', aReport('answered', after(2)));

      expect(contactsOf(await kit.claimAt(runId, after(3), 10))).to.deep.equal([rows[2]]);
      expect(await kit.runs.findRun(campaign, after(3))).to.deep.include({
        contacts: contactsBy({ waiting: 2, dialling: 2, finished: 1 }),
      });
    });

    it('hands out no more than callsPerMinute in the minute before now, ended calls counted', async function () {
      const { campaign } = await kit.aStartedRun('paced', {
        rows: someContactRows(10),
        settings: someRunSettings({ callsPerMinute: 3 }),
      });
      const runId = await kit.runIdOf(campaign, T0);
      const claimed = async (now: Date, max = 10) => (await kit.claimAt(runId, now, max)).length;

      expect(await claimed(T0, 2)).to.equal(2);
      const second = after(0, 30_000);
      const [settled] = await kit.claimAt(runId, second);
      expect(settled).to.not.equal(undefined);
      await kit.runs.settle(settled?.callId ?? '', aReport('answered', after(0, 40_000)));
      expect(await claimed(after(0, 59_999))).to.equal(0);
      // The two of T0 have left the minute; the one at 30 s is still in it.
      expect(await claimed(after(1, 1))).to.equal(2);
      expect(await claimed(after(1, 30_001))).to.equal(1);
    });

    it('gives each attempt of a contact a new call id and the next attempt number', async function () {
      const { campaign, rows } = await kit.aStartedRun('again', { rows: someContactRows(1) });
      const runId = await kit.runIdOf(campaign, T0);
      const [first] = await kit.claimAt(runId, T0);
      await kit.runs.settle(first?.callId ?? '', aReport('no-answer', after(1), after(30)));

      const [second] = await kit.claimAt(runId, after(30));

      expect(second).to.deep.include({ attempt: 2, contact: rows[0] });
      expect(second?.callId).to.be.a('string').and.not.equal(first?.callId);
      expect(await kit.runs.findCall(first?.callId ?? '')).to.deep.include({ attempt: 1 });
      expect(await kit.runs.findRun(campaign, after(30))).to.deep.include({ attempts: 2 });
    });

    it('of simultaneous claims, hands no contact out twice and every due contact once', async function () {
      const { campaign, rows } = await kit.aStartedRun('crowd', { rows: someContactRows(20) });
      const runId = await kit.runIdOf(campaign, T0);

      const claims = await Promise.all(Array.from({ length: 8 }, () => kit.claimAt(runId, T0, 5)));

      const calls = claims.flat();
      expect(calls).to.have.length(20);
      expect(new Set(calls.map((call) => call.callId)).size).to.equal(20);
      expect(sortedByPhone(contactsOf(calls))).to.deep.equal(sortedByPhone(rows));
      for (const claim of claims) expect(claim.length).to.be.at.most(5);
    });

    const limits = [
      ['maxConcurrentCalls', someRunSettings({ maxConcurrentCalls: 7 })],
      ['callsPerMinute', someRunSettings({ callsPerMinute: 7 })],
    ] as const;
    for (const [limit, settings] of limits) {
      it(`holds ${limit} across simultaneous claims`, async function () {
        const { campaign } = await kit.aStartedRun('paced-crowd', { rows: someContactRows(20), settings });
        const runId = await kit.runIdOf(campaign, T0);

        const claims = await Promise.all(Array.from({ length: 8 }, () => kit.claimAt(runId, T0, 5)));

        const calls: LeasedCall[] = claims.flat();
        expect(calls).to.have.length(7);
        expect(new Set(calls.map((call) => call.contact.phoneNumber)).size).to.equal(7);
      });
    }
  });
}

function sortedByPhone<Row extends { readonly phoneNumber: string }>(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) => (a.phoneNumber < b.phoneNumber ? -1 : a.phoneNumber > b.phoneNumber ? 1 : 0));
}
