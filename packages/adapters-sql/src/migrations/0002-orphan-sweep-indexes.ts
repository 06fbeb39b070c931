import type { Knex } from 'knex';
import { driverOf } from '../driver-session.js';

/**
 * The sweep for lists left without a campaign reads lists oldest first and asks, for each, whether
 * a campaign is built on it. MySQL already indexes campaigns.contact_list_id for its foreign key;
 * SQLite does not, and without it each question would read every campaign.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contact_lists', (table) => {
    table.index(['created_at_ms'], 'contact_lists_created_at_ms_index');
  });
  if (driverOf(knex) !== 'mysql2') {
    await knex.schema.alterTable('campaigns', (table) => {
      table.index(['contact_list_id'], 'campaigns_contact_list_id_index');
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  if (driverOf(knex) !== 'mysql2') {
    await knex.schema.alterTable('campaigns', (table) => {
      table.dropIndex(['contact_list_id'], 'campaigns_contact_list_id_index');
    });
  }
  await knex.schema.alterTable('contact_lists', (table) => {
    table.dropIndex(['created_at_ms'], 'contact_lists_created_at_ms_index');
  });
}
