export { InMemoryCampaignRuns } from './in-memory-campaign-runs.js';
export { InMemoryCampaignUploader } from './in-memory-campaign-uploader.js';
export { InMemoryContactRepository } from './in-memory-contact-repository.js';
export {
  InMemoryStore,
  type StoredCall,
  type StoredCampaign,
  type StoredContactList,
  type StoredRun,
  type StoredRunContact,
} from './in-memory-store.js';
export { memoryAdaptersModule } from './memory-adapters-module.js';
export type { OwnedRecords } from './owned-records.js';
