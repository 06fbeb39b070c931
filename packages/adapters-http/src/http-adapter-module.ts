import {
  CreateContactAndCampaignToken,
  LoggerToken,
  ReadContactsAndCampaignsToken,
  silentLogger,
  type CreateContactAndCampaign,
  type Logger,
  type ReadContactsAndCampaigns,
} from '@outbound/domain';
import { ContainerModule } from 'inversify';
import type Koa from 'koa';
import { createHttpApp, type HttpAppOptions } from './create-http-app.js';

export const KoaAppToken: unique symbol = Symbol.for('@outbound/adapters-http/KoaApp');

/**
 * Binds the Koa application over whatever use case, read side and logger the composition root
 * bound (the read endpoints only when a read side is bound); it knows nothing of the storage behind them.
 */
export function httpAdapterModule(options: Omit<HttpAppOptions, 'logger'> = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<Koa>(KoaAppToken)
      .toDynamicValue((context) => {
        const reads = context.get<ReadContactsAndCampaigns>(ReadContactsAndCampaignsToken, { optional: true });
        return createHttpApp(context.get<CreateContactAndCampaign>(CreateContactAndCampaignToken), {
          ...options,
          logger: context.get<Logger>(LoggerToken, { optional: true }) ?? silentLogger,
          ...(reads === undefined ? {} : { reads }),
        });
      })
      .inSingletonScope();
  });
}
