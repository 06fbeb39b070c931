import type { Knex } from 'knex';

/**
 * Campaigns are listed newest first, a page at a time after the last one shown, for every caller
 * or for one key's: each order is an index, so a page reads only its own campaigns.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('campaigns', (table) => {
    table.index(['created_at_ms', 'name'], 'campaigns_newest_first_index');
    table.index(['created_by', 'created_at_ms', 'name'], 'campaigns_newest_first_by_creator_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('campaigns', (table) => {
    table.dropIndex(['created_by', 'created_at_ms', 'name'], 'campaigns_newest_first_by_creator_index');
    table.dropIndex(['created_at_ms', 'name'], 'campaigns_newest_first_index');
  });
}
