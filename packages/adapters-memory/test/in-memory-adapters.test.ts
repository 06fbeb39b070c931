import { campaignUploaderContract, contactRepositoryContract, type MakePorts } from '@outbound/domain/contracts';
import { InMemoryCampaignUploader, InMemoryContactRepository, InMemoryStore } from '../src/index.js';

const makePorts: MakePorts = async () => {
  const store = new InMemoryStore();
  return {
    contacts: new InMemoryContactRepository(store),
    campaigns: new InMemoryCampaignUploader(store),
    dispose: async () => undefined,
  };
};

contactRepositoryContract('in memory', makePorts);
campaignUploaderContract('in memory', makePorts);
