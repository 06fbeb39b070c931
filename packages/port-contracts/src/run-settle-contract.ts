import type { CallSettlement } from '@outbound/domain';
import { expect } from 'chai';
import { aLeaseExpiry, aReport, skippedFor, someRunSettings, toCall } from './campaign-runs-mother.js';
import { LEASE_MINUTES, T0, after, contactsBy, outcomesBy, type RunsKit } from './campaign-runs-kit.js';
import { someContactRows } from './contact-rows-mother.js';

/** An id shaped as the ids storage makes, that names no attempt. */
const NO_SUCH_CALL = '00000000-0000-4000-8000-000000000000';

/** What a settlement stores of an attempt's end: all of it but what follows for the contact. */
function endingOf({ retryAt, ...ending }: CallSettlement) {
  return ending;
}

/** What `findCall`, `settle`, `settleAsDecided`, `findExpiredLeases` and `expireEnded` promise. */
export function runSettleContract(kit: RunsKit): void {
  /** A started campaign of `rowCount` contacts of no known zone, and the calls claimed of it at {@link T0}. */
  async function someCallsOut(suffix: string, rowCount: number, claimed = rowCount, settings = someRunSettings()) {
    const started = await kit.aStartedRun(suffix, { rows: someContactRows(rowCount), settings });
    const runId = await kit.runIdOf(started.campaign, T0);
    const calls = claimed === 0 ? [] : await kit.claimAt(runId, T0, claimed);
    expect(calls).to.have.length(claimed);
    return { ...started, runId, calls, callIds: calls.map((call) => call.callId) };
  }

  describe('findCall', function () {
    it('answers an attempt still out: its campaign, number, times, settings and no ending', async function () {
      const settings = someRunSettings({ maxConcurrentCalls: 4, callsPerMinute: 60 });
      const { campaign, callIds } = await someCallsOut('found', 1, 1, settings);

      expect(await kit.runs.findCall(callIds[0] ?? '')).to.deep.equal({
        callId: callIds[0],
        campaign,
        attempt: 1,
        handedOutAt: T0,
        leaseExpiresAt: after(LEASE_MINUTES),
        settings,
        ended: null,
      });
    });

    it('answers null for an id that names no attempt', async function () {
      await someCallsOut('unnamed', 1);

      expect(await kit.runs.findCall(NO_SUCH_CALL)).to.equal(null);
    });

    it('answers null for an id that only differs by trailing spaces, settling nothing', async function () {
      const { campaign, callIds } = await someCallsOut('padded', 1);
      const padded = `${callIds[0] ?? ''}  `;

      expect(await kit.runs.findCall(padded)).to.equal(null);
      expect(await kit.runs.settle(padded, aReport('answered', after(1)))).to.equal(null);
      expect(await kit.runs.settleAsDecided(padded, () => aReport('answered', after(1)))).to.equal(null);
      expect(await kit.runs.findRun(campaign, after(1))).to.deep.include({ contacts: contactsBy({ dialling: 1 }) });
    });
  });

  describe('settle', function () {
    it('ends the attempt and finishes its contact with the outcome when retryAt is null', async function () {
      const { campaign, callIds } = await someCallsOut('finished', 2, 1);
      const report = aReport('answered', after(3), null, 'dialer-77');

      expect(await kit.runs.settle(callIds[0] ?? '', report)).to.equal('settled');

      expect((await kit.runs.findCall(callIds[0] ?? ''))?.ended).to.deep.equal(endingOf(report));
      expect(await kit.runs.findRun(campaign, after(3))).to.deep.include({
        status: 'running',
        contacts: contactsBy({ waiting: 1, finished: 1 }),
        outcomes: outcomesBy({ answered: 1 }),
        attempts: 1,
      });
    });

    it('makes the contact waiting again for retryAt, the next claim calling it as its next attempt', async function () {
      const { campaign, runId, rows, callIds } = await someCallsOut('retried', 2);

      expect(await kit.runs.settle(callIds[0] ?? '', aReport('no-answer', after(1), after(30)))).to.equal('settled');
      expect(await kit.runs.settle(callIds[1] ?? '', aReport('voicemail', after(1)))).to.equal('settled');

      expect(await kit.runs.findRun(campaign, after(30, -1))).to.deep.include({
        status: 'running',
        contacts: contactsBy({ waiting: 1, finished: 1 }),
        outcomes: outcomesBy({ voicemail: 1 }),
        waitingReached: [],
      });
      expect((await kit.runs.findRun(campaign, after(30)))?.waitingReached).to.deep.equal([{ zoneKey: '', count: 1 }]);
      expect(await kit.claimAt(runId, after(30, -1))).to.deep.equal([]);
      const again = await kit.claimAt(runId, after(30));
      expect(again.map(({ attempt, contact }) => ({ attempt, contact }))).to.deep.equal([
        { attempt: 2, contact: rows[0] },
      ]);
    });

    it('answers already-ended and changes nothing for an attempt that has ended', async function () {
      const { campaign, callIds } = await someCallsOut('ended-once', 2, 1);
      const first = aReport('busy', after(1), after(30), 'dialer-1');
      await kit.runs.settle(callIds[0] ?? '', first);
      const before = await kit.runs.findRun(campaign, after(2));

      expect(await kit.runs.settle(callIds[0] ?? '', aReport('answered', after(2), null, 'dialer-2'))).to.equal(
        'already-ended',
      );

      expect((await kit.runs.findCall(callIds[0] ?? ''))?.ended).to.deep.equal(endingOf(first));
      expect(await kit.runs.findRun(campaign, after(2))).to.deep.equal(before);
    });

    it('answers null for an id that names no attempt', async function () {
      await someCallsOut('settled-nothing', 1);

      expect(await kit.runs.settle(NO_SUCH_CALL, aReport('answered', after(1)))).to.equal(null);
    });

    it('completes the campaign, at the time of the ending, once no contact is waiting or dialling', async function () {
      const { campaign } = await kit.aStartedRun('completed', {
        plans: [toCall(), skippedFor('unknown-time-zone'), toCall()],
      });
      const [first, last] = await kit.claimAt(await kit.runIdOf(campaign, T0), T0);

      await kit.runs.settle(first?.callId ?? '', aReport('answered', after(1)));
      expect(await kit.runs.findRun(campaign, after(1))).to.deep.include({ status: 'running', endedAt: null });
      await kit.runs.settle(last?.callId ?? '', aReport('opted-out', after(3)));

      expect(await kit.runs.findRun(campaign, after(3))).to.deep.include({
        status: 'completed',
        endedAt: after(3),
        contacts: contactsBy({ finished: 2, skipped: 1 }),
        outcomes: outcomesBy({ answered: 1, 'opted-out': 1 }),
      });
    });

    it('completes the campaign when its last calls end at once, each seeing what the others settled', async function () {
      const { campaign, callIds } = await someCallsOut('ended-together', 8);

      const settled = await Promise.all(
        callIds.map((callId) => kit.runs.settle(callId, aReport('answered', after(2)))),
      );

      expect(settled).to.deep.equal(callIds.map(() => 'settled'));
      expect(await kit.runs.findRun(campaign, after(2))).to.deep.include({
        status: 'completed',
        endedAt: after(2),
        contacts: contactsBy({ finished: 8 }),
      });
    });

    it('completes a paused campaign when its last call ends', async function () {
      const { campaign, callIds } = await someCallsOut('paused-last', 2);
      await kit.runs.changeStatus(campaign, { from: 'running', to: 'paused', at: after(1) });

      for (const callId of callIds) await kit.runs.settle(callId, aReport('answered', after(2)));

      expect(await kit.runs.findRun(campaign, after(2))).to.deep.include({ status: 'completed', endedAt: after(2) });
    });

    it('leaves a cancelled campaign cancelled when its last call ends', async function () {
      const { campaign, callIds } = await someCallsOut('cancelled-last', 2);
      await kit.runs.changeStatus(campaign, { from: 'running', to: 'cancelled', at: after(1) });

      for (const callId of callIds)
        expect(await kit.runs.settle(callId, aReport('answered', after(2)))).to.equal('settled');

      expect(await kit.runs.findRun(campaign, after(2))).to.deep.include({
        status: 'cancelled',
        endedAt: after(1),
        contacts: contactsBy({ finished: 2 }),
      });
    });

    it('does not complete a campaign whose last call out leaves its contact waiting', async function () {
      const { campaign, callIds } = await someCallsOut('not-yet-done', 1);

      await kit.runs.settle(callIds[0] ?? '', aReport('busy', after(1), after(60)));

      expect(await kit.runs.findRun(campaign, after(1))).to.deep.include({
        status: 'running',
        endedAt: null,
        contacts: contactsBy({ waiting: 1 }),
      });
    });

    it('of simultaneous settlements of one attempt, exactly one is stored', async function () {
      const { campaign, callIds } = await someCallsOut('settled-race', 2, 1);
      const reports = (['answered', 'voicemail', 'opted-out', 'busy', 'answered', 'no-answer'] as const).map(
        (outcome, index) => aReport(outcome, after(1, index), null, `dialer-${index}`),
      );

      const results = await Promise.all(reports.map((report) => kit.runs.settle(callIds[0] ?? '', report)));

      expect(results.filter((result) => result === 'settled')).to.have.length(1);
      expect(results.filter((result) => result === 'already-ended')).to.have.length(reports.length - 1);
      const stored = reports[results.indexOf('settled')] as CallSettlement;
      expect((await kit.runs.findCall(callIds[0] ?? ''))?.ended).to.deep.equal(endingOf(stored));
      expect(await kit.runs.findRun(campaign, after(2))).to.deep.include({
        contacts: contactsBy({ waiting: 1, finished: 1 }),
        outcomes: outcomesBy({ [stored.outcome]: 1 }),
      });
    });

    it('stores an ending found by lease expiry as such', async function () {
      const { campaign, callIds } = await someCallsOut('expired-lease', 1);
      const expiry = aLeaseExpiry(after(LEASE_MINUTES), after(LEASE_MINUTES + 60));

      expect(await kit.runs.settle(callIds[0] ?? '', expiry)).to.equal('settled');

      expect((await kit.runs.findCall(callIds[0] ?? ''))?.ended).to.deep.equal({
        outcome: 'failed',
        endedAt: after(LEASE_MINUTES),
        by: 'lease-expiry',
        durationSeconds: null,
        externalCallId: null,
      });
      expect(await kit.runs.findRun(campaign, after(LEASE_MINUTES))).to.deep.include({
        contacts: contactsBy({ waiting: 1 }),
      });
    });
  });

  describe('settleAsDecided', function () {
    it('decides from the call as findCall answers it, and stores what was decided', async function () {
      const { campaign, callIds } = await someCallsOut('decided', 2, 1);
      const found = await kit.runs.findCall(callIds[0] ?? '');
      const report = aReport('answered', after(3), null, 'dialer-5');
      const seen: unknown[] = [];

      const decided = await kit.runs.settleAsDecided(callIds[0] ?? '', (call) => {
        seen.push(call);
        return report;
      });

      expect(seen).to.deep.equal([found]);
      expect(decided).to.deep.equal({ call: found, settlement: report, result: 'settled' });
      expect((await kit.runs.findCall(callIds[0] ?? ''))?.ended).to.deep.equal(endingOf(report));
      expect(await kit.runs.findRun(campaign, after(3))).to.deep.include({
        contacts: contactsBy({ waiting: 1, finished: 1 }),
        outcomes: outcomesBy({ answered: 1 }),
      });
    });

    it('stores nothing when the decision is to store nothing, and answers the call as read', async function () {
      const { campaign, callIds } = await someCallsOut('decided-nothing', 1);
      const first = aReport('busy', after(1), after(30));
      await kit.runs.settle(callIds[0] ?? '', first);
      const before = await kit.runs.findRun(campaign, after(2));

      const decided = await kit.runs.settleAsDecided(callIds[0] ?? '', () => null);

      expect(decided?.result).to.equal('not-settled');
      expect(decided?.call.ended).to.deep.equal(endingOf(first));
      expect(await kit.runs.findRun(campaign, after(2))).to.deep.equal(before);
    });

    it('answers null for an id that names no attempt, deciding nothing', async function () {
      await someCallsOut('decided-unnamed', 1);
      let asked = false;

      const decided = await kit.runs.settleAsDecided(NO_SUCH_CALL, () => {
        asked = true;
        return aReport('answered', after(1));
      });

      expect(decided).to.equal(null);
      expect(asked).to.equal(false);
    });

    it('completes the campaign when its last calls end at once, each seeing what the others settled', async function () {
      const { campaign, callIds } = await someCallsOut('decided-together', 8);

      const decided = await Promise.all(
        callIds.map((callId) => kit.runs.settleAsDecided(callId, () => aReport('answered', after(2)))),
      );

      expect(decided.map((each) => each?.result)).to.deep.equal(callIds.map(() => 'settled'));
      expect(await kit.runs.findRun(campaign, after(2))).to.deep.include({
        status: 'completed',
        endedAt: after(2),
        contacts: contactsBy({ finished: 8 }),
      });
    });

    it('of simultaneous decided settlements of one attempt, exactly one is stored', async function () {
      const { campaign, callIds } = await someCallsOut('decided-race', 2, 1);
      const reports = (['answered', 'voicemail', 'opted-out', 'busy'] as const).map((outcome, index) =>
        aReport(outcome, after(1, index), null, `dialer-${index}`),
      );

      const decided = await Promise.all(
        reports.map((report) =>
          kit.runs.settleAsDecided(callIds[0] ?? '', (call) => (call.ended === null ? report : null)),
        ),
      );

      const results = decided.map((each) => each?.result);
      expect(results.filter((result) => result === 'settled')).to.have.length(1);
      expect(results.filter((result) => result !== 'settled')).to.have.length(reports.length - 1);
      const stored = decided.find((each) => each?.result === 'settled')?.settlement as CallSettlement;
      expect((await kit.runs.findCall(callIds[0] ?? ''))?.ended).to.deep.equal(endingOf(stored));
      expect(await kit.runs.findRun(campaign, after(2))).to.deep.include({
        contacts: contactsBy({ waiting: 1, finished: 1 }),
        outcomes: outcomesBy({ [stored.outcome]: 1 }),
      });
    });
  });

  describe('findExpiredLeases', function () {
    it('answers the attempts still out whose lease expired by now, oldest first, at most limit', async function () {
      const { runId } = await someCallsOut('leased', 4, 0);
      const other = await someCallsOut('leased-too', 1, 0);
      const claimOne = async (id: string, now: Date, leaseExpiresAt: Date) =>
        (await kit.runs.claim(id, { now, max: 1, openZoneKeys: null, leaseExpiresAt }))[0]?.callId ?? '';
      const first = await claimOne(runId, T0, after(5));
      const ofOther = await claimOne(other.runId, after(0, 30_000), after(5, 30_000));
      const settled = await claimOne(runId, after(1), after(6));
      const atNow = await claimOne(runId, after(2), after(7));
      await claimOne(runId, after(3), after(20));
      await kit.runs.settle(settled, aReport('answered', after(4)));

      expect(await kit.runs.findExpiredLeases({ now: after(5, -1), limit: 10 })).to.deep.equal([]);
      expect(await kit.runs.findExpiredLeases({ now: after(7), limit: 10 })).to.deep.equal([first, ofOther, atNow]);
      expect(await kit.runs.findExpiredLeases({ now: after(7), limit: 2 })).to.deep.equal([first, ofOther]);
    });

    it('no longer answers an attempt once it is ended as expired', async function () {
      const { callIds } = await someCallsOut('swept', 2);
      const [expired] = await kit.runs.findExpiredLeases({ now: after(LEASE_MINUTES), limit: 1 });

      expect(await kit.runs.settle(expired ?? '', aLeaseExpiry(after(LEASE_MINUTES)))).to.equal('settled');

      expect(await kit.runs.findExpiredLeases({ now: after(LEASE_MINUTES), limit: 10 })).to.deep.equal(
        callIds.filter((callId) => callId !== expired),
      );
    });
  });

  describe('expireEnded', function () {
    it('expires the waiting contacts of campaigns past their endAt, completing those with no call out', async function () {
      const ended = await someCallsOut('past-end', 3, 1, someRunSettings({ endAt: after(60) }));
      await kit.runs.settle(ended.callIds[0] ?? '', aReport('answered', after(1)));
      const later = await kit.aStartedRun('ends-later', { settings: someRunSettings({ endAt: after(120) }) });
      const endless = await kit.aStartedRun('endless');

      expect(await kit.runs.expireEnded(after(60, -1))).to.equal(0);
      expect(await kit.runs.expireEnded(after(60, 1))).to.equal(2);

      expect(await kit.runs.findRun(ended.campaign, after(61))).to.deep.include({
        status: 'completed',
        endedAt: after(60, 1),
        contacts: contactsBy({ finished: 1, expired: 2 }),
      });
      for (const { campaign } of [later, endless]) {
        expect(await kit.runs.findRun(campaign, after(61))).to.deep.include({
          status: 'running',
          contacts: contactsBy({ waiting: 3 }),
        });
      }
      expect(await kit.runs.expireEnded(after(61))).to.equal(0);
    });

    it('leaves a campaign with calls out to complete when the last of them is settled', async function () {
      const { campaign, runId, callIds } = await someCallsOut('calls-out', 3, 1, someRunSettings({ endAt: after(60) }));

      expect(await kit.runs.expireEnded(after(60, 1))).to.equal(2);
      expect(await kit.runs.findRun(campaign, after(61))).to.deep.include({
        status: 'running',
        endedAt: null,
        contacts: contactsBy({ dialling: 1, expired: 2 }),
      });
      expect(await kit.claimAt(runId, after(61))).to.deep.equal([]);

      await kit.runs.settle(callIds[0] ?? '', aReport('no-answer', after(62)));

      expect(await kit.runs.findRun(campaign, after(62))).to.deep.include({
        status: 'completed',
        endedAt: after(62),
        contacts: contactsBy({ finished: 1, expired: 2 }),
      });
    });

    it('of simultaneous calls, expires each waiting contact once', async function () {
      const settings = someRunSettings({ endAt: after(60) });
      const campaigns = [
        (await kit.aStartedRun('expired-once', { rows: someContactRows(4), settings })).campaign,
        (await kit.aStartedRun('expired-too', { rows: someContactRows(3), settings })).campaign,
      ];

      const results = await Promise.all(Array.from({ length: 6 }, () => kit.runs.expireEnded(after(60, 1))));

      expect(results.reduce((sum, expired) => sum + expired, 0)).to.equal(7);
      for (const campaign of campaigns) {
        expect(await kit.runs.findRun(campaign, after(61))).to.deep.include({
          status: 'completed',
          endedAt: after(60, 1),
        });
      }
    });

    it('ends a paused campaign past its endAt too', async function () {
      const { campaign } = await kit.aStartedRun('paused-past-end', {
        settings: someRunSettings({ endAt: after(60) }),
      });
      await kit.runs.changeStatus(campaign, { from: 'running', to: 'paused', at: after(1) });

      expect(await kit.runs.expireEnded(after(60, 1))).to.equal(3);

      expect(await kit.runs.findRun(campaign, after(61))).to.deep.include({
        status: 'completed',
        endedAt: after(60, 1),
        contacts: contactsBy({ expired: 3 }),
      });
    });
  });
}
