import { httpAdapterModule } from '@outbound/adapters-http';
import { HistogramBatch } from '@outbound/metrics';
import {
  CampaignUploaderToken,
  ClockToken,
  ContactRepositoryToken,
  CreateContactAndCampaign,
  CreateContactAndCampaignToken,
  LoggerToken,
  ReadContactsAndCampaigns,
  ReadContactsAndCampaignsToken,
  SweepOrphanedContactLists,
  SweepOrphanedContactListsToken,
  systemClock,
  type CampaignUploader,
  type Clock,
  type ContactRepository,
  type Logger,
} from '@outbound/domain';
import { Container, type ResolutionContext } from 'inversify';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { openStorage } from './open-storage.js';
import type { ServerConfig } from './server-config.js';
import { timedPort, type PortCallLabels } from './timed-port.js';

/** The server's object graph, and how to let go of the storage under it. */
export interface ServerContainer {
  readonly container: Container;
  readonly close: () => Promise<void>;
}

export interface ServerEdges {
  readonly logger: Logger;
  readonly clock?: Clock;
  /** True once the process is stopping; `/readyz` then answers 503. */
  readonly isStopping?: () => boolean;
}

/**
 * The composition root, the one place that knows every package: the adapters DATABASE_URL chooses
 * (connected, and migrated unless MIGRATE=false), the use case over them, and the Koa app over that.
 */
export async function openServerContainer(
  config: ServerConfig,
  { logger, clock = systemClock, isStopping }: ServerEdges,
): Promise<ServerContainer> {
  const storage = await openStorage(config, logger);
  // The app's own registry, not prom-client's global one, so that two servers in one process keep their own figures.
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const portCalls = new HistogramBatch<PortCallLabels>({
    name: 'outbound_port_call_duration_seconds',
    help: 'Time taken by calls to the storage ports, by port, operation and result (ok or error).',
    labelNames: ['port', 'operation', 'result'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [metrics],
  });
  const contactsOf = (context: ResolutionContext) =>
    timedPort(context.get<ContactRepository>(ContactRepositoryToken), 'contacts', portCalls);
  const campaignsOf = (context: ResolutionContext) =>
    timedPort(context.get<CampaignUploader>(CampaignUploaderToken), 'campaigns', portCalls);
  const container = new Container();
  container.bind<Logger>(LoggerToken).toConstantValue(logger);
  container.bind<Clock>(ClockToken).toConstantValue(clock);
  // The domain carries no decorators, so the use case is built here from its ports.
  container
    .bind<CreateContactAndCampaign>(CreateContactAndCampaignToken)
    .toDynamicValue(
      (context) =>
        new CreateContactAndCampaign(contactsOf(context), campaignsOf(context), {
          brand: config.brand,
          ...config.limits,
          logger,
        }),
    )
    .inSingletonScope();
  container
    .bind<ReadContactsAndCampaigns>(ReadContactsAndCampaignsToken)
    .toDynamicValue((context) => new ReadContactsAndCampaigns(contactsOf(context), campaignsOf(context)))
    .inSingletonScope();
  container
    .bind<SweepOrphanedContactLists>(SweepOrphanedContactListsToken)
    .toDynamicValue(
      (context) =>
        new SweepOrphanedContactLists(contactsOf(context), clock, {
          graceMs: config.orphanGraceMs,
          logger,
        }),
    )
    .inSingletonScope();
  container.load(
    storage.adapters,
    httpAdapterModule({
      bodyLimitBytes: config.bodyLimitBytes,
      commandLimits: config.limits,
      ready: storage.ready,
      apiKeys: config.apiKeys,
      rateLimitPerMinute: config.rateLimitPerMinute,
      writeAdmission: config.writeAdmission,
      metrics,
      ...(isStopping === undefined ? {} : { isStopping }),
    }),
  );
  return { container, close: storage.close };
}
