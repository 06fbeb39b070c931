import { describeOnEachDatabase } from '@outbound/adapters-sql/testing';
import { expect } from 'chai';
import { startOutbound, type OutboundProcess } from '../testing/index.js';
import { get, post, postTo, until, userData, type Answer } from './outbound-requests.js';

const CONTACTS = 10_000;
const MAX_CONCURRENT_CALLS = 20;
const DIALERS = 8;
const CALLS_PER_LEASE = 10;
/** How long a lease request waits for a call: short, so that dialers see the campaign's end soon. */
const LEASE_WAIT_MS = 500;
const IDENTIFIER = 'run_across_processes';
const CAMPAIGN = `VoiceGenie_campaign_${IDENTIFIER}`;
/** A lease that runs out counts as a failed attempt, which is retried: a killed dialer's contacts come back. */
const RETRY = { maxAttempts: 2, afterMinutes: 0, on: ['no-answer', 'failed'] };
const SETTINGS = { maxConcurrentCalls: MAX_CONCURRENT_CALLS, retry: RETRY };
/** Short, so that the leases a killed process leaves behind expire within the test. */
const CALL_LEASE_MS = 2_000;
/** Calls handed out before one process is killed: well within the first attempts. */
const HANDED_OUT_BEFORE_KILL = 3_000;
/** The process that is killed; its dialers go to the others. */
const VICTIM = 2;
/** Bound on waits for what the dialers bring about; the test's own timeout bounds it as well. */
const WITHIN_MS = 150_000;

type Outcome = 'answered' | 'no-answer' | 'busy' | 'failed';

interface LeasedCallBody {
  readonly callId: string;
  readonly attempt: number;
  readonly leaseExpiresAt: string;
  readonly contact: { readonly phone_number: string };
}

/** One attempt at one contact as the test received it. */
interface Handout {
  readonly callId: string;
  /** The contact's number, digits only. */
  readonly contact: string;
  readonly attempt: number;
  readonly leaseExpiresAtMs: number;
}

/** How an attempt ended, as its report was answered (or as a report after the run was answered). */
interface Ending {
  readonly outcome: Outcome;
  readonly by: 'report' | 'lease-expiry';
}

/** A contact's number as its digits: the key the test keeps each contact by, however it is formatted. */
const digitsOf = (phoneNumber: string): string => phoneNumber.replace(/\D/g, '');

/**
 * What a dialer reports, the same for a contact every time: by its number, a quarter are answered
 * at once, a quarter answered at the second call, a quarter never answered, a quarter busy (not
 * retried); a contact called again after an expired lease is answered unless never answered.
 */
function outcomeFor(contact: string, attempt: number): Outcome {
  const kind = Number(contact.slice(-2)) % 4;
  if (attempt === 1) return (['answered', 'no-answer', 'no-answer', 'busy'] as const)[kind] ?? 'busy';
  return kind === 2 ? 'no-answer' : 'answered';
}

/**
 * What the test has seen of the run: every call handed out, how each ended, and the calls out at
 * each lease answer. A call counts as out from its lease answer until its report is sent, or until
 * its lease has expired: over that span storage holds it `dialling` whatever else happens, so the
 * count is a lower bound of what storage counts, and must never exceed the campaign's limit.
 */
class RunLedger {
  readonly handouts: Handout[] = [];
  readonly endings = new Map<string, Ending>();
  /** Calls out, counted at each lease answer. */
  readonly outAtLease: number[] = [];
  private readonly unreported = new Map<string, Handout>();

  leased(calls: readonly LeasedCallBody[]): Handout[] {
    const handouts = calls.map(({ callId, attempt, leaseExpiresAt, contact }) => ({
      callId,
      contact: digitsOf(contact.phone_number),
      attempt,
      leaseExpiresAtMs: Date.parse(leaseExpiresAt),
    }));
    for (const handout of handouts) {
      this.handouts.push(handout);
      this.unreported.set(handout.callId, handout);
    }
    const now = Date.now();
    let out = 0;
    for (const { leaseExpiresAtMs } of this.unreported.values()) if (leaseExpiresAtMs > now) out += 1;
    this.outAtLease.push(out);
    return handouts;
  }

  reporting(callId: string): void {
    this.unreported.delete(callId);
  }

  ended(callId: string, ending: Ending): void {
    this.endings.set(callId, ending);
  }
}

/** A report answered otherwise than `recorded` must say its lease had run out: it then counted as failed. */
function endingOfLateReport(answer: Answer, handout: Handout, answeredAtMs: number): Ending {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(409);
  expect(answer.body.data).to.deep.include({ callId: handout.callId, outcome: 'failed', endedBy: 'lease-expiry' });
  expect(handout.leaseExpiresAtMs).to.be.at.most(answeredAtMs);
  return { outcome: 'failed', by: 'lease-expiry' };
}

describeOnEachDatabase(
  (label) => `a campaign run by three processes on one ${label} storage`,
  (database) => {
    let processes: OutboundProcess[];

    beforeEach(async function () {
      this.timeout(60_000);
      processes = await Promise.all(
        [0, 1, 2].map(() =>
          startOutbound({
            DATABASE_URL: database().url,
            CALL_LEASE_MS: String(CALL_LEASE_MS),
            ORPHAN_SWEEP_INTERVAL_MS: '200',
          }),
        ),
      );
    });
    afterEach(async function () {
      await Promise.all(processes.map((outbound) => outbound.stop()));
    });

    it('hands each contact out once per attempt within pacing, brings back what a kill -9 held, and completes', async function () {
      this.timeout(WITHIN_MS + 30_000);
      const urls = processes.map((outbound) => outbound.url);
      const rows = userData(CONTACTS, 3);
      const created = await post(urls[0] as string, { identifierName: IDENTIFIER, userData: rows });
      expect(created.status, JSON.stringify(created.body)).to.equal(200);
      const started = await postTo(urls[1] as string, `/campaigns/${CAMPAIGN}/start`, SETTINGS);
      expect(started.status, JSON.stringify(started.body)).to.equal(200);

      const ledger = new RunLedger();
      const killed = new Set<number>();
      /** Requests under way per process, a lease and the reports of its calls counted as one. */
      const underWay = urls.map(() => 0);
      let completed = false;
      let failed = false;
      const over = () => completed || failed;
      const diallingRead: number[] = [];

      /** A dialer's own process while it runs, the next one that runs otherwise. */
      const processFor = (own: number): number => {
        for (let step = 0; step < urls.length; step += 1) {
          const index = (own + step) % urls.length;
          if (!killed.has(index)) return index;
        }
        throw new Error('every process was killed');
      };
      const stdoutOf = (index: number) => processes[index]?.stdoutSoFar() ?? '';

      async function lease(index: number, waitMs: number): Promise<Handout[]> {
        const answer = await postTo(urls[index] as string, '/calls/lease', {
          max: CALLS_PER_LEASE,
          waitMs,
          campaign: CAMPAIGN,
        });
        expect(answer.status, `${JSON.stringify(answer.body)}\n${stdoutOf(index)}`).to.equal(200);
        return ledger.leased(answer.body.data['calls'] as LeasedCallBody[]);
      }

      async function report(index: number, handout: Handout): Promise<void> {
        const outcome = outcomeFor(handout.contact, handout.attempt);
        ledger.reporting(handout.callId);
        const answer = await postTo(urls[index] as string, `/calls/${handout.callId}/outcome`, { outcome });
        if (answer.status === 200) {
          expect(answer.body.data, JSON.stringify(answer.body)).to.deep.include({
            message: 'recorded',
            replayed: false,
          });
          ledger.ended(handout.callId, { outcome, by: 'report' });
        } else {
          expect(answer.status, `${JSON.stringify(answer.body)}\n${stdoutOf(index)}`).to.not.equal(500);
          ledger.ended(handout.callId, endingOfLateReport(answer, handout, Date.now()));
        }
      }

      /** Leases through one process and reports every call at once, until the campaign has completed. */
      async function dialer(own: number): Promise<void> {
        while (!over()) {
          const index = processFor(own);
          underWay[index] = (underWay[index] ?? 0) + 1;
          try {
            const handouts = await lease(index, LEASE_WAIT_MS);
            await Promise.all(handouts.map((handout) => report(index, handout)));
          } finally {
            underWay[index] = (underWay[index] ?? 0) - 1;
          }
        }
      }

      /** Reads the campaign through the running processes in turn until it has completed. */
      async function reader(): Promise<void> {
        for (let turn = 0; !over(); turn += 1) {
          const index = processFor(turn % urls.length);
          underWay[index] = (underWay[index] ?? 0) + 1;
          try {
            const read = await get(urls[index] as string, `/campaigns/${CAMPAIGN}`);
            expect(read.status, `${JSON.stringify(read.body)}\n${stdoutOf(index)}`).to.equal(200);
            diallingRead.push((read.body.data['contacts'] as { dialling: number }).dialling);
            if (read.body.data['status'] === 'completed') completed = true;
          } finally {
            underWay[index] = (underWay[index] ?? 0) - 1;
          }
        }
      }

      /**
       * Once enough calls are out, sends the other dialers away from the victim, leases calls
       * through it as a dialer that never reports them, and kills it with SIGKILL.
       */
      async function killWhileHolding(): Promise<Handout[]> {
        await until(() => over() || ledger.handouts.length >= HANDED_OUT_BEFORE_KILL, WITHIN_MS);
        if (over()) return [];
        killed.add(VICTIM);
        await until(() => over() || underWay[VICTIM] === 0, WITHIN_MS);
        let held: Handout[] = [];
        while (held.length === 0 && !over()) held = await lease(VICTIM, 2_000);
        const victim = processes[VICTIM] as OutboundProcess;
        victim.signal('SIGKILL');
        const { code } = await victim.ended;
        expect(code).to.equal(null);
        return held;
      }

      const failing = <T>(work: Promise<T>): Promise<T> =>
        work.catch((error: unknown) => {
          failed = true;
          throw error;
        });
      const kill = failing(killWhileHolding());
      // Everything is let finish before the processes are stopped, the first failure then told.
      const settled = await Promise.allSettled([
        kill,
        failing(reader()),
        ...Array.from({ length: DIALERS }, (_, own) => failing(dialer(own % urls.length))),
      ]);
      for (const result of settled) if (result.status === 'rejected') throw result.reason;
      const held = await kill;

      // Every contact handed out once per attempt, its attempts numbered 1, 2, … without a gap.
      const handedOut = new Set(ledger.handouts.map(({ contact, attempt }) => `${contact}#${attempt}`));
      expect(handedOut.size, 'calls handed out twice').to.equal(ledger.handouts.length);
      const attemptsOf = new Map<string, Handout[]>();
      for (const handout of ledger.handouts) {
        attemptsOf.set(handout.contact, [...(attemptsOf.get(handout.contact) ?? []), handout]);
      }
      expect([...attemptsOf.keys()].sort()).to.deep.equal(rows.map((row) => digitsOf(row.phone_number)).sort());
      for (const [contact, attempts] of attemptsOf) {
        attempts.sort((one, other) => one.attempt - other.attempt);
        expect(
          attempts.map(({ attempt }) => attempt),
          contact,
        ).to.deep.equal(attempts.map((_, index) => index + 1));
      }

      // The calls held by the killed process's dialer expired, counted as failed, and came back.
      expect(held).to.have.length.within(1, CALLS_PER_LEASE);
      for (const handout of held) {
        expect(handout.attempt).to.equal(1);
        const late = await postTo(urls[0] as string, `/calls/${handout.callId}/outcome`, { outcome: 'answered' });
        ledger.ended(handout.callId, endingOfLateReport(late, handout, Date.now()));
        expect(attemptsOf.get(handout.contact)?.map(({ attempt }) => attempt)).to.deep.equal([1, 2]);
      }

      // Each contact called again exactly when the retry policy says, and finished with its last ending.
      const expectedOutcomes: Record<string, number> = {};
      for (const [contact, attempts] of attemptsOf) {
        const endings = attempts.map(({ callId }) => ledger.endings.get(callId));
        expect(endings, `every attempt at ${contact} ended`).to.not.include(undefined);
        const outcomes = endings.map((ending) => ending?.outcome as Outcome);
        const retried = (outcome: Outcome, attempt: number) =>
          RETRY.on.includes(outcome) && attempt < RETRY.maxAttempts;
        expect(
          outcomes.map((outcome, index) => retried(outcome, index + 1)),
          contact,
        ).to.deep.equal(outcomes.map((_, index) => index < outcomes.length - 1));
        const last = outcomes[outcomes.length - 1] as Outcome;
        expectedOutcomes[last] = (expectedOutcomes[last] ?? 0) + 1;
      }

      // Never more calls out than the campaign allows, as the test counted them and as storage read them.
      expect(Math.max(...ledger.outAtLease)).to.be.at.most(MAX_CONCURRENT_CALLS);
      expect(Math.max(...diallingRead)).to.be.at.most(MAX_CONCURRENT_CALLS);

      const read = await get(urls[1] as string, `/campaigns/${CAMPAIGN}`);
      expect(read.status).to.equal(200);
      expect(read.body.data).to.deep.include({ status: 'completed', rowCount: CONTACTS });
      expect(read.body.data['contacts']).to.deep.equal({
        due: 0,
        waiting: 0,
        dialling: 0,
        finished: CONTACTS,
        skipped: 0,
        expired: 0,
      });
      const outcomes = read.body.data['outcomes'] as Record<string, number>;
      expect(Object.fromEntries(Object.entries(outcomes).filter(([, count]) => count > 0))).to.deep.equal(
        expectedOutcomes,
      );
      expect(Object.values(outcomes).reduce((sum, count) => sum + count, 0)).to.equal(CONTACTS);
      expect(read.body.data['attempts']).to.equal(ledger.handouts.length);
    });
  },
);
