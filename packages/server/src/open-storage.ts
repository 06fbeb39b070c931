import { memoryAdaptersModule } from '@outbound/adapters-memory';
import {
  connectMysql,
  connectSqlite,
  migrateInTurn,
  pendingMigrations,
  pingDatabase,
  sqlAdaptersModule,
  type DatabaseOptions,
} from '@outbound/adapters-sql';
import type { Logger } from '@outbound/domain';
import type { ContainerModule } from 'inversify';
import type { Knex } from 'knex';
import type { ServerConfig } from './server-config.js';
import { describeStorage, type StorageLocation } from './storage-location.js';

/** Applies pending migrations and lets go of the database: the `outbound migrate` command. */
export async function migrateStorage(location: StorageLocation, logger: Logger): Promise<void> {
  if (location.kind === 'memory') {
    logger.info('storage is in memory: nothing to migrate');
    return;
  }
  const knex = connect(location, { logger });
  try {
    const applied = await migrateInTurn(knex, { logger });
    logger.info(
      applied.length === 0 ? `${describeStorage(location)} is up to date` : `applied migrations: ${applied.join(', ')}`,
    );
  } finally {
    await knex.destroy();
  }
}

/** Storage ready to serve: the adapters to load, a readiness probe, and how to let go of it. */
export interface OpenStorage {
  readonly adapters: ContainerModule;
  /** Resolves when the storage answers, rejects when it does not. */
  readonly ready: () => Promise<void>;
  readonly close: () => Promise<void>;
}

/**
 * Connects to the storage the settings name, migrating it first unless MIGRATE=false; while another
 * process migrates it, waits for that one to finish (see migrateInTurn).
 */
export async function openStorage(
  { storage: location, migrate, statementTimeoutMs }: Pick<ServerConfig, 'storage' | 'migrate' | 'statementTimeoutMs'>,
  logger: Logger,
): Promise<OpenStorage> {
  logger.info(`storage: ${describeStorage(location)}`);
  if (location.kind === 'memory') {
    return { adapters: memoryAdaptersModule(), ready: async () => undefined, close: async () => undefined };
  }
  const knex = connect(location, { logger, statementTimeoutMs });
  try {
    if (migrate) {
      const applied = await migrateInTurn(knex, { logger });
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
