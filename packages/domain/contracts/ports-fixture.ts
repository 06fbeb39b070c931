import type { CampaignUploader, ContactRepository } from '../src/index.js';

/** Both ports over one fresh, empty store, and a way to let go of it. */
export interface PortsFixture {
  readonly contacts: ContactRepository;
  readonly campaigns: CampaignUploader;
  dispose(): Promise<void>;
}

export type MakePorts = () => Promise<PortsFixture>;
