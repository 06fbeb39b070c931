export { InMemoryCampaignUploader } from './in-memory-campaign-uploader.js';
export { InMemoryContactRepository } from './in-memory-contact-repository.js';
export { InMemoryStore, type StoredCampaign, type StoredContactList } from './in-memory-store.js';
export { memoryAdaptersModule } from './memory-adapters-module.js';
export type { OwnedRecords } from './owned-records.js';
