import {
  campaignRunsContract,
  campaignUploaderContract,
  contactRepositoryContract,
  type MakeRunsPorts,
} from '@outbound/port-contracts';
import {
  InMemoryCampaignRuns,
  InMemoryCampaignUploader,
  InMemoryContactRepository,
  InMemoryStore,
} from '../src/index.js';

const makePorts: MakeRunsPorts = async ({ clock }) => {
  const store = new InMemoryStore();
  return {
    contacts: new InMemoryContactRepository(store, clock),
    campaigns: new InMemoryCampaignUploader(store, clock),
    runs: new InMemoryCampaignRuns(store),
    dispose: async () => undefined,
  };
};

contactRepositoryContract('in memory', makePorts);
campaignUploaderContract('in memory', makePorts);
campaignRunsContract('in memory', makePorts);
