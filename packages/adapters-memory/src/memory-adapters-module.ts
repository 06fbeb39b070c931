import {
  CampaignRunsToken,
  CampaignUploaderToken,
  ContactRepositoryToken,
  type CampaignRuns,
  type CampaignUploader,
  type ContactRepository,
} from '@outbound/domain';
import { ContainerModule } from 'inversify';
import { InMemoryCampaignRuns } from './in-memory-campaign-runs.js';
import { InMemoryCampaignUploader } from './in-memory-campaign-uploader.js';
import { InMemoryContactRepository } from './in-memory-contact-repository.js';
import { InMemoryStore } from './in-memory-store.js';

/** Binds the storage ports to in-memory adapters sharing one store, held for the container's life. */
export function memoryAdaptersModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(InMemoryStore).toSelf().inSingletonScope();
    bind<ContactRepository>(ContactRepositoryToken).to(InMemoryContactRepository).inSingletonScope();
    bind<CampaignUploader>(CampaignUploaderToken).to(InMemoryCampaignUploader).inSingletonScope();
    bind<CampaignRuns>(CampaignRunsToken).to(InMemoryCampaignRuns).inSingletonScope();
  });
}
