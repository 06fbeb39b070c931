import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { WriteAdmission, type Refusal, type Release } from '../src/write-admission.js';

/** Whether the promise has settled once everything already due has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

function released(turn: Release | Refusal): Release {
  if (typeof turn !== 'function') throw new Error(`refused: ${turn.refused}`);
  return turn;
}

describe('WriteAdmission', function () {
  const limits = { maxConcurrent: 2, maxBodyBytesInFlight: 1_000, maxQueued: 2, queueTimeoutMs: 60_000 };

  it('admits up to the concurrency at once and the next in order as turns are released', async function () {
    const admission = new WriteAdmission(limits);
    const first = released(await admission.admit(10));
    const second = released(await admission.admit(10));
    const third = admission.admit(10);
    const fourth = admission.admit(10);

    expect(await settled(third)).to.equal(false);
    first();
    expect(await settled(third)).to.equal(true);
    expect(await settled(fourth)).to.equal(false);
    second();
    expect(await settled(fourth)).to.equal(true);
  });

  it('keeps the declared bytes in flight within the budget, letting a larger body run alone', async function () {
    const admission = new WriteAdmission(limits);
    const first = released(await admission.admit(600));
    const second = admission.admit(600);

    expect(await settled(second)).to.equal(false);
    first();
    const secondTurn = released(await second);
    const large = admission.admit(5_000);
    expect(await settled(large)).to.equal(false);
    secondTurn();
    released(await large);
  });

  it('does not let a small request overtake a large one at the head of the queue', async function () {
    const admission = new WriteAdmission(limits);
    const first = released(await admission.admit(600));
    const large = admission.admit(600);
    const small = admission.admit(10);

    expect(await settled(small)).to.equal(false);
    first();
    expect(await settled(large)).to.equal(true);
  });

  it('refuses at once past the queue, and a waiter whose deadline passes, with a Retry-After of at least a second', async function () {
    const admission = new WriteAdmission({ ...limits, maxConcurrent: 1, maxQueued: 1, queueTimeoutMs: 20 });
    released(await admission.admit(10));
    const waiting = admission.admit(10);
    const turnedAway = await admission.admit(10);

    expect(turnedAway).to.deep.include({ refused: 'queue-full' });
    expect((turnedAway as Refusal).retryAfterSeconds).to.be.at.least(1);
    expect(await waiting).to.deep.include({ refused: 'timed-out' });
  });

  it('lets a client that hung up leave the queue, and the turn go to the next', async function () {
    const admission = new WriteAdmission({ ...limits, maxConcurrent: 1 });
    const first = released(await admission.admit(10));
    const client = new EventEmitter();
    const gone = admission.admit(10, client);
    const next = admission.admit(10);

    client.emit('close');
    expect(await gone).to.deep.include({ refused: 'timed-out' });
    first();
    expect(typeof (await next)).to.equal('function');
  });
});
