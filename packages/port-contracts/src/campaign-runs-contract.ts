import { runsKit } from './campaign-runs-kit.js';
import { runClaimContract } from './run-claim-contract.js';
import { runReadContract } from './run-read-contract.js';
import { runSettleContract } from './run-settle-contract.js';
import { runStartContract } from './run-start-contract.js';
import type { MakeRunsPorts } from './runs-ports-fixture.js';

/**
 * The TSDoc contract of `CampaignRuns`, run against one adapter. Campaigns are created through
 * the fixture's `contacts` and `campaigns`, then run through `runs`; every test gets fresh ports.
 * Every time is passed in, as the port reads no clock.
 */
export function campaignRunsContract(adapterName: string, makeRunsPorts: MakeRunsPorts): void {
  describe(`CampaignRuns contract: ${adapterName}`, function () {
    const kit = runsKit(makeRunsPorts);

    runStartContract(kit);
    runClaimContract(kit);
    runSettleContract(kit);
    runReadContract(kit);
  });
}
