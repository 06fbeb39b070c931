import {
  CampaignRunsToken,
  CampaignUploaderToken,
  ContactRepositoryToken,
  type CampaignRuns,
  type CampaignUploader,
  type ContactRepository,
} from '@outbound/domain';
import { ContainerModule } from 'inversify';
import type { Knex } from 'knex';
import { KnexCampaignRuns } from './knex-campaign-runs.js';
import { KnexCampaignUploader } from './knex-campaign-uploader.js';
import { KnexContactRepository } from './knex-contact-repository.js';
import { KnexToken } from './knex-token.js';

/** Binds the storage ports to the knex adapters over one database; the caller keeps and destroys `knex`. */
export function sqlAdaptersModule(knex: Knex): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<Knex>(KnexToken).toConstantValue(knex);
    bind<ContactRepository>(ContactRepositoryToken).to(KnexContactRepository).inSingletonScope();
    bind<CampaignUploader>(CampaignUploaderToken).to(KnexCampaignUploader).inSingletonScope();
    bind<CampaignRuns>(CampaignRunsToken).to(KnexCampaignRuns).inSingletonScope();
  });
}
