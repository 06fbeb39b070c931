import type { CampaignRuns } from '@outbound/domain';
import type { PortsFixture, PortsOptions } from './ports-fixture.js';

/**
 * The ports that create campaigns and the port that runs them, over one fresh, empty store: a
 * campaign created through `campaigns` must be found and started through `runs`.
 */
export interface RunsPortsFixture extends PortsFixture {
  readonly runs: CampaignRuns;
}

export type MakeRunsPorts = (options: PortsOptions) => Promise<RunsPortsFixture>;
