import { httpAdapterModule } from '@outbound/adapters-http';
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
import { Container, type ContainerModule } from 'inversify';
import type { ServerConfig } from './server-config.js';

export interface ServerParts {
  /** The module binding both ports: in memory or SQL. */
  readonly storage: ContainerModule;
  readonly logger: Logger;
  /** Resolves when the storage answers; the HTTP adapter serves it as /readyz. */
  readonly ready: () => Promise<void>;
}

/** The composition root: the use case over the chosen storage, served by the Koa adapter. */
export function buildServerContainer(config: ServerConfig, { storage, logger, ready }: ServerParts): Container {
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
  container.load(storage, httpAdapterModule({ bodyLimitBytes: config.bodyLimitBytes, ready }));
  return container;
}
