import type { Knex } from 'knex';
import * as contactListsAndCampaigns from './migrations/0001-contact-lists-and-campaigns.js';
import * as orphanSweepIndexes from './migrations/0002-orphan-sweep-indexes.js';
import * as createdBy from './migrations/0003-created-by.js';
import * as campaignsNewestFirst from './migrations/0004-campaigns-newest-first.js';
import * as namesPerOwner from './migrations/0005-names-per-owner.js';
import * as campaignRuns from './migrations/0006-campaign-runs.js';

/** Every migration, in order. Listed here rather than found on disk, so they ship inside the package's own modules. */
const MIGRATIONS: readonly (readonly [name: string, migration: Knex.Migration])[] = [
  ['0001-contact-lists-and-campaigns', contactListsAndCampaigns],
  ['0002-orphan-sweep-indexes', orphanSweepIndexes],
  ['0003-created-by', createdBy],
  ['0004-campaigns-newest-first', campaignsNewestFirst],
  ['0005-names-per-owner', namesPerOwner],
  ['0006-campaign-runs', campaignRuns],
];

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => MIGRATIONS.map(([name]) => name),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const found = MIGRATIONS.find(([candidate]) => candidate === name);
    if (found === undefined) throw new Error(`unknown migration ${name}`);
    return found[1];
  },
};

const config: Knex.MigratorConfig = { migrationSource, tableName: 'outbound_migrations' };

/** Applies every pending migration; resolves with the names applied now (none when up to date). */
export async function migrateToLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest(config)) as [number, string[]];
  return applied;
}

/**
 * Applies the pending migrations up to and including `last`, in order; resolves with the names
 * applied now. What a test of a migration starts from: a database as it was before that migration.
 */
export async function migrateUpTo(knex: Knex, last: string): Promise<string[]> {
  const names = MIGRATIONS.map(([name]) => name);
  if (!names.includes(last)) throw new Error(`unknown migration ${last}`);
  const applied: string[] = [];
  for (;;) {
    const [next] = await pendingMigrations(knex);
    if (next === undefined || names.indexOf(next) > names.indexOf(last)) return applied;
    await knex.migrate.up(config);
    applied.push(next);
  }
}

/** The names of migrations not yet applied. */
export async function pendingMigrations(knex: Knex): Promise<string[]> {
  const [, pending] = (await knex.migrate.list(config)) as [unknown, { file: string }[] | string[]];
  return pending.map((entry) => (typeof entry === 'string' ? entry : entry.file));
}
