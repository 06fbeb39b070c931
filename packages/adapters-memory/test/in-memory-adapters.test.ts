import { campaignUploaderContract, contactRepositoryContract, type MakePorts } from '@outbound/port-contracts';
import { InMemoryCampaignUploader, InMemoryContactRepository, InMemoryStore } from '../src/index.js';

const makePorts: MakePorts = async ({ clock }) => {
  const store = new InMemoryStore();
  return {
    contacts: new InMemoryContactRepository(store, clock),
    campaigns: new InMemoryCampaignUploader(store, clock),
    dispose: async () => undefined,
  };
};

contactRepositoryContract('in memory', makePorts);
campaignUploaderContract('in memory', makePorts);
