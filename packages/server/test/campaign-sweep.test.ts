import { expect } from 'chai';
import { startOutbound, type OutboundProcess } from '../testing/index.js';
import { get, post, postTo, until } from './outbound-requests.js';

const CAMPAIGN = 'VoiceGenie_campaign_swept_001';

describe("a running server's own sweep of campaigns", function () {
  let outbound: OutboundProcess;

  beforeEach(async function () {
    // A lease of a second, swept every 100 ms: the sweep, not a dialer, must end it.
    outbound = await startOutbound({ DATABASE_URL: 'memory:', CALL_LEASE_MS: '1000', ORPHAN_SWEEP_INTERVAL_MS: '100' });
  });
  afterEach(async function () {
    await outbound.stop();
  });

  it('completes a campaign whose last call went unreported, with nobody asking for calls', async function () {
    expect(
      (await post(outbound.url, { identifierName: 'swept_001', userData: [{ phone_number: '+919876543210' }] })).status,
    ).to.equal(200);
    await postTo(outbound.url, `/campaigns/${CAMPAIGN}/start`, { retry: { maxAttempts: 1 } });
    const leased = await postTo(outbound.url, '/calls/lease', { max: 1 });
    expect(leased.body.data['calls']).to.have.length(1);

    await until(async () => (await get(outbound.url, `/campaigns/${CAMPAIGN}`)).body.data['status'] === 'completed');

    const run = (await get(outbound.url, `/campaigns/${CAMPAIGN}`)).body.data;
    expect(run['contacts']).to.deep.include({ finished: 1, dialling: 0 });
    expect(run['outcomes']).to.deep.include({ failed: 1 });
    expect(outbound.stdoutSoFar()).to.include('campaign sweep ended 1 expired lease(s)');
  });
});
