import { createHttpApp } from '@outbound/adapters-http';
import { CreateContactAndCampaign, parseCreateContactAndCampaignCommand } from '@outbound/domain';
import { InMemoryStore, InMemoryContactRepository, InMemoryCampaignUploader } from '@outbound/adapters-memory';
const variant = process.argv[2];
const canned = { code: 'succeeded', contactListName: 'a', campaignName: 'b', rowsStored: 10, duplicatesSkipped: 0, replayed: false };
const store = new InMemoryStore();
const real = new CreateContactAndCampaign(new InMemoryContactRepository(store), new InMemoryCampaignUploader(store), { brand: 'B' });
const useCase = {
  stub: { execute: async () => canned },
  parse: { execute: async (r) => (parseCreateContactAndCampaignCommand(r), canned) },
  real,
}[variant];
createHttpApp(useCase).listen(4123, '127.0.0.1');
