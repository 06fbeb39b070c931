import type { CampaignUploader, Clock, ContactRepository } from '@outbound/domain';

/** Both ports over one fresh, empty store, and a way to let go of it. */
export interface PortsFixture {
  readonly contacts: ContactRepository;
  readonly campaigns: CampaignUploader;
  dispose(): Promise<void>;
}

/** What a contract suite hands the adapters it builds. */
export interface PortsOptions {
  /** The clock the adapters must read the time they record from. */
  readonly clock: Clock;
}

export type MakePorts = (options: PortsOptions) => Promise<PortsFixture>;
