// How a host hands a campaign's calls to its own dialer in-process: the same use cases the HTTP
// API serves, built with plain `new` over one store, and no HTTP in between.
import {
  InMemoryCampaignRuns,
  InMemoryCampaignUploader,
  InMemoryContactRepository,
  InMemoryStore,
} from '@outbound/adapters-memory';
import {
  CreateContactAndCampaign,
  LeaseDueCalls,
  ReadCampaignRun,
  RecordCallOutcome,
  StartCampaign,
  systemClock,
  type CallOutcome,
  type ContactRow,
  type PhoneTimeZones,
} from '@outbound/domain';

const store = new InMemoryStore();
const campaigns = new InMemoryCampaignUploader(store);
const runs = new InMemoryCampaignRuns(store);
// Without calling hours no zone is needed; a host that sets hours passes the numbering plan's
// zones (@outbound/adapters-phone-metadata) instead.
const noZones: PhoneTimeZones = { zonesOf: () => [] };

const created = await new CreateContactAndCampaign(new InMemoryContactRepository(store), campaigns, {
  brand: 'Acme',
}).execute({
  identifierName: 'renewals_2026_12',
  userData: [
    { phone_number: '+44 20 7946 0018', name: 'Ada', plan: 'gold' },
    { phone_number: '442079460019', name: 'Grace', plan: 'silver' },
  ],
});
if (created.code !== 'succeeded') throw new Error(`not created: ${created.code}`);

const started = await new StartCampaign(campaigns, runs, noZones, systemClock).start(created.campaignName, {
  retry: { maxAttempts: 2, afterMinutes: 0, on: ['no-answer'] },
});
if (started.code !== 'run-changed') throw new Error(`not started: ${started.code}`);

/** The host's own dialer: here, Ada answers the second time she is called, Grace the first. */
async function dial(contact: ContactRow, attempt: number): Promise<CallOutcome> {
  return contact.name === 'Ada' && attempt === 1 ? 'no-answer' : 'answered';
}

const lease = new LeaseDueCalls(runs, systemClock);
const record = new RecordCallOutcome(runs, systemClock);
for (let calls = await lease.lease({ max: 10 }); calls.length > 0; calls = await lease.lease({ max: 10 })) {
  for (const call of calls) {
    const outcome = await dial(call.contact, call.attempt);
    await record.record(call.callId, { outcome, durationSeconds: null, externalCallId: null });
  }
}

const run = await new ReadCampaignRun(runs, systemClock).run(created.campaignName);
console.log(
  `campaign ${created.campaignName} is ${run?.status}: ${run?.outcomes.answered} answered in ${run?.attempts} calls`,
);
