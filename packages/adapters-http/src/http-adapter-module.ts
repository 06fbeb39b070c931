import {
  CreateContactAndCampaignToken,
  LoggerToken,
  ReadContactsAndCampaignsToken,
  silentLogger,
  type CreateContactAndCampaign,
  type Logger,
  type ReadContactsAndCampaigns,
} from '@outbound/domain';
import { MetricsRegistryToken } from '@outbound/metrics';
import { ContainerModule } from 'inversify';
import type Koa from 'koa';
import type { Registry } from 'prom-client';
import { createHttpApp, type HttpAppOptions } from './create-http-app.js';

export const KoaAppToken: unique symbol = Symbol.for('@outbound/adapters-http/KoaApp');

/**
 * Binds the Koa application over whatever the composition root bound: the use case, and when
 * bound, the read side (the read endpoints), the logger (access lines) and a metrics registry
 * (request figures and `/metrics`). It knows nothing of the storage behind them.
 */
export function httpAdapterModule(options: Omit<HttpAppOptions, 'logger' | 'reads' | 'metrics'> = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<Koa>(KoaAppToken)
      .toDynamicValue((context) => {
        const reads = context.get<ReadContactsAndCampaigns>(ReadContactsAndCampaignsToken, { optional: true });
        const metrics = context.get<Registry>(MetricsRegistryToken, { optional: true });
        return createHttpApp(context.get<CreateContactAndCampaign>(CreateContactAndCampaignToken), {
          ...options,
          logger: context.get<Logger>(LoggerToken, { optional: true }) ?? silentLogger,
          ...(reads === undefined ? {} : { reads }),
          ...(metrics === undefined ? {} : { metrics }),
        });
      })
      .inSingletonScope();
  });
}
