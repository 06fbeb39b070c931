import {
  ChangeCampaignStatusToken,
  CreateContactAndCampaignToken,
  LeaseDueCallsToken,
  ReadCampaignRunToken,
  RecordCallOutcomeToken,
  StartCampaignToken,
  LoggerToken,
  ReadContactsAndCampaignsToken,
  silentLogger,
  type ChangeCampaignStatus,
  type CreateContactAndCampaign,
  type LeaseDueCalls,
  type ReadCampaignRun,
  type RecordCallOutcome,
  type StartCampaign,
  type Logger,
  type ReadContactsAndCampaigns,
} from '@outbound/domain';
import { MetricsRegistryToken } from '@outbound/metrics';
import { ContainerModule } from 'inversify';
import type Koa from 'koa';
import type { Registry } from 'prom-client';
import { createHttpApp, type HttpAppOptions } from './create-http-app.js';
import type { CampaignRunsPort } from './run-routes.js';

export const KoaAppToken: unique symbol = Symbol.for('@outbound/adapters-http/KoaApp');

/**
 * Binds the Koa application over whatever the composition root bound: the use case, and when
 * bound, the read side (the read endpoints), the use cases that run campaigns (their endpoints),
 * the logger (access lines) and a metrics registry (request figures and `/metrics`). It knows
 * nothing of the storage behind them.
 */
export function httpAdapterModule(
  options: Omit<HttpAppOptions, 'logger' | 'reads' | 'runs' | 'metrics'> = {},
): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<Koa>(KoaAppToken)
      .toDynamicValue((context) => {
        const reads = context.get<ReadContactsAndCampaigns>(ReadContactsAndCampaignsToken, { optional: true });
        const metrics = context.get<Registry>(MetricsRegistryToken, { optional: true });
        const start = context.get<StartCampaign>(StartCampaignToken, { optional: true });
        const runs: CampaignRunsPort | undefined =
          start === undefined
            ? undefined
            : {
                start,
                change: context.get<ChangeCampaignStatus>(ChangeCampaignStatusToken),
                lease: context.get<LeaseDueCalls>(LeaseDueCallsToken),
                record: context.get<RecordCallOutcome>(RecordCallOutcomeToken),
                read: context.get<ReadCampaignRun>(ReadCampaignRunToken),
              };
        return createHttpApp(context.get<CreateContactAndCampaign>(CreateContactAndCampaignToken), {
          ...options,
          logger: context.get<Logger>(LoggerToken, { optional: true }) ?? silentLogger,
          ...(reads === undefined ? {} : { reads }),
          ...(runs === undefined ? {} : { runs }),
          ...(metrics === undefined ? {} : { metrics }),
        });
      })
      .inSingletonScope();
  });
}
