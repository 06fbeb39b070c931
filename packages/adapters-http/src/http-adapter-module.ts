import {
  CreateContactAndCampaignToken,
  LoggerToken,
  silentLogger,
  type CreateContactAndCampaign,
  type Logger,
} from '@outbound/domain';
import { ContainerModule } from 'inversify';
import type Koa from 'koa';
import { createHttpApp, type HttpAppOptions } from './create-http-app.js';

export const KoaAppToken: unique symbol = Symbol.for('@outbound/adapters-http/KoaApp');

/**
 * Binds the Koa application over whatever use case and logger the composition root bound; it
 * knows nothing of the storage behind them.
 */
export function httpAdapterModule(options: Omit<HttpAppOptions, 'logger'> = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<Koa>(KoaAppToken)
      .toDynamicValue((context) =>
        createHttpApp(context.get<CreateContactAndCampaign>(CreateContactAndCampaignToken), {
          ...options,
          logger: context.get<Logger>(LoggerToken, { optional: true }) ?? silentLogger,
        }),
      )
      .inSingletonScope();
  });
}
