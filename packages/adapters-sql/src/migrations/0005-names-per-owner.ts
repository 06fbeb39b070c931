import type { Knex } from 'knex';

// Names are unique per owner (the API key a list or campaign was created with), not across owners.
// The owner is a NOT NULL column, '' for what was stored without a key: SQLite and MySQL both let
// any number of rows hold NULL in a unique index, so a nullable owner would let two keyless lists
// share a name. `owner` replaces `created_by` (NULL there becomes ''), so nothing can tell two
// stories of who created a record.

const OWNER_LENGTH = 64;

/**
 * Drops a column in place. knex rebuilds a SQLite table to drop a column, and dropping the old
 * contact_lists would delete every row the foreign keys cascade to; SQLite 3.35 and later, like
 * MySQL, drop a column that no index uses without copying the table.
 */
function dropColumn(knex: Knex, table: string, column: string): Knex.Raw {
  return knex.raw('alter table ?? drop column ??', [table, column]);
}

/** Adds `owner` to a table and fills it from `created_by`, which it replaces. */
async function addOwner(knex: Knex, table: string): Promise<void> {
  await knex.schema.alterTable(table, (columns) => {
    columns.string('owner', OWNER_LENGTH).notNullable().defaultTo('');
  });
  await knex(table)
    .whereNotNull('created_by')
    .update({ owner: knex.ref('created_by') });
}

export async function up(knex: Knex): Promise<void> {
  await addOwner(knex, 'contact_lists');
  await knex.schema.alterTable('contact_lists', (table) => {
    table.dropUnique(['name'], 'contact_lists_name_unique');
    table.unique(['owner', 'name'], { indexName: 'contact_lists_owner_name_unique' });
  });
  await dropColumn(knex, 'contact_lists', 'created_by');

  await addOwner(knex, 'campaigns');
  // Campaigns are listed by one owner at a time, so the index of every owner's campaigns goes.
  await knex.schema.alterTable('campaigns', (table) => {
    table.dropUnique(['name'], 'campaigns_name_unique');
    table.dropIndex(['created_at_ms', 'name'], 'campaigns_newest_first_index');
    table.dropIndex(['created_by', 'created_at_ms', 'name'], 'campaigns_newest_first_by_creator_index');
    table.unique(['owner', 'name'], { indexName: 'campaigns_owner_name_unique' });
    table.index(['owner', 'created_at_ms', 'name'], 'campaigns_newest_first_by_owner_index');
  });
  await dropColumn(knex, 'campaigns', 'created_by');
}

/** Fails, changing nothing on SQLite, when two owners hold one name: the old schema cannot hold both. */
export async function down(knex: Knex): Promise<void> {
  for (const table of ['contact_lists', 'campaigns']) {
    await knex.schema.alterTable(table, (columns) => {
      columns.string('created_by', OWNER_LENGTH).nullable();
    });
    await knex(table)
      .whereNot('owner', '')
      .update({ created_by: knex.ref('owner') });
  }
  await knex.schema.alterTable('contact_lists', (table) => {
    table.dropUnique(['owner', 'name'], 'contact_lists_owner_name_unique');
    table.unique(['name'], { indexName: 'contact_lists_name_unique' });
  });
  await dropColumn(knex, 'contact_lists', 'owner');
  await knex.schema.alterTable('campaigns', (table) => {
    table.dropIndex(['owner', 'created_at_ms', 'name'], 'campaigns_newest_first_by_owner_index');
    table.dropUnique(['owner', 'name'], 'campaigns_owner_name_unique');
    table.unique(['name'], { indexName: 'campaigns_name_unique' });
    table.index(['created_at_ms', 'name'], 'campaigns_newest_first_index');
    table.index(['created_by', 'created_at_ms', 'name'], 'campaigns_newest_first_by_creator_index');
  });
  await dropColumn(knex, 'campaigns', 'owner');
}
