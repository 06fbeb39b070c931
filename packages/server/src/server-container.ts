import { httpAdapterModule } from '@outbound/adapters-http';
import { memoryAdaptersModule } from '@outbound/adapters-memory';
import {
  CampaignUploaderToken,
  ContactRepositoryToken,
  CreateContactAndCampaign,
  CreateContactAndCampaignToken,
  LoggerToken,
  type CampaignUploader,
  type ContactRepository,
  type Logger,
} from '@outbound/domain';
import { Container } from 'inversify';
import type { ServerConfig } from './server-config.js';

/** The composition root: the use case over in-memory storage, served by the Koa adapter. */
export function buildServerContainer(config: ServerConfig, logger: Logger): Container {
  const container = new Container();
  container.bind<Logger>(LoggerToken).toConstantValue(logger);
  // The domain carries no decorators, so the use case is built here from its ports.
  container
    .bind<CreateContactAndCampaign>(CreateContactAndCampaignToken)
    .toDynamicValue(
      (context) =>
        new CreateContactAndCampaign(
          context.get<ContactRepository>(ContactRepositoryToken),
          context.get<CampaignUploader>(CampaignUploaderToken),
          { brand: config.brand, maxRows: config.maxRows, logger },
        ),
    )
    .inSingletonScope();
  container.load(memoryAdaptersModule(), httpAdapterModule({ bodyLimitBytes: config.bodyLimitBytes }));
  return container;
}
