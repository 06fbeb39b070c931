import { httpAdapterModule } from '@outbound/adapters-http';
import { memoryAdaptersModule } from '@outbound/adapters-memory';
import {
  connectMysql,
  connectSqlite,
  migrateToLatest,
  pendingMigrations,
  pingDatabase,
  sqlAdaptersModule,
  type DatabaseOptions,
} from '@outbound/adapters-sql';
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
import { Container, type ContainerModule, type ResolutionContext } from 'inversify';
import type { Knex } from 'knex';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ServerConfig } from './server-config.js';
import { describeStorage, type StorageLocation } from './storage-location.js';
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
  const storage = await openStorage(config.storage, {
    migrate: config.migrate,
    logger,
    statementTimeoutMs: config.statementTimeoutMs,
  });
  // The app's own registry, not prom-client's global one, so that two servers in one process keep their own figures.
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const portCalls = new Histogram<PortCallLabels>({
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

/** Applies pending migrations and lets go of the database: the `outbound migrate` command. */
export async function migrateStorage(location: StorageLocation, logger: Logger): Promise<void> {
  if (location.kind === 'memory') {
    logger.info('storage is in memory: nothing to migrate');
    return;
  }
  const knex = connect(location, { logger });
  try {
    const applied = await migrateToLatest(knex);
    logger.info(
      applied.length === 0 ? `${describeStorage(location)} is up to date` : `applied migrations: ${applied.join(', ')}`,
    );
  } finally {
    await knex.destroy();
  }
}

/** Storage ready to serve: the adapters to load, a readiness probe, and how to let go of it. */
interface OpenStorage {
  readonly adapters: ContainerModule;
  /** Resolves when the storage answers, rejects when it does not. */
  readonly ready: () => Promise<void>;
  readonly close: () => Promise<void>;
}

async function openStorage(
  location: StorageLocation,
  options: { migrate: boolean; logger: Logger; statementTimeoutMs: number },
): Promise<OpenStorage> {
  const { logger } = options;
  logger.info(`storage: ${describeStorage(location)}`);
  if (location.kind === 'memory') {
    return { adapters: memoryAdaptersModule(), ready: async () => undefined, close: async () => undefined };
  }
  const knex = connect(location, options);
  try {
    if (options.migrate) {
      const applied = await migrateToLatest(knex);
      if (applied.length > 0) logger.info(`applied migrations: ${applied.join(', ')}`);
    } else {
      const pending = await pendingMigrations(knex).catch(() => []);
      if (pending.length > 0)
        logger.warn(`MIGRATE=false and migrations are pending: ${pending.join(', ')}; run outbound migrate`);
    }
  } catch (error) {
    await knex.destroy();
    throw error;
  }
  return { adapters: sqlAdaptersModule(knex), ready: () => pingDatabase(knex), close: () => knex.destroy() };
}

function connect(location: Exclude<StorageLocation, { kind: 'memory' }>, options: DatabaseOptions): Knex {
  return location.kind === 'sqlite' ? connectSqlite(location.file, options) : connectMysql(location.url, options);
}
