// How another Node service uses outbound in-process: no HTTP, no container, plain `new`.
import { InMemoryCampaignUploader, InMemoryContactRepository, InMemoryStore } from '@outbound/adapters-memory';
import { CreateContactAndCampaign, type CreateContactAndCampaignRequest } from '@outbound/domain';

const store = new InMemoryStore();
const createContactAndCampaign = new CreateContactAndCampaign(
  new InMemoryContactRepository(store),
  new InMemoryCampaignUploader(store),
  { brand: 'Acme' },
);

const request: CreateContactAndCampaignRequest = {
  identifierName: 'renewals_2026_12',
  userData: [
    { phone_number: '+44 20 7946 0018', name: 'Ada', plan: 'gold', renewsOn: '2026-12-01' },
    { phone_number: '442079460019', name: 'Grace', plan: 'silver' },
    { phone_number: '+44 (20) 7946-0018', name: 'Ada again' },
  ],
};

const outcome = await createContactAndCampaign.execute(request);

switch (outcome.code) {
  case 'succeeded':
    console.log(
      `campaign ${outcome.campaignName} is ready over ${outcome.contactListName}: ` +
        `${outcome.rowsStored} contacts, ${outcome.duplicatesSkipped} repeated number skipped`,
    );
    break;
  case 'invalid-command':
    for (const problem of outcome.problems) console.error(`${problem.field} ${problem.message}`);
    process.exitCode = 1;
    break;
  default:
    console.error(`not created: ${outcome.code}`);
    process.exitCode = 1;
}
