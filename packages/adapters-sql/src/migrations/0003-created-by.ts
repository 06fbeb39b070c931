import type { Knex } from 'knex';

/** The name of the API key a list or campaign was created with; empty for rows stored before keys, or without them. */
export async function up(knex: Knex): Promise<void> {
  for (const table of ['contact_lists', 'campaigns']) {
    await knex.schema.alterTable(table, (columns) => {
      columns.string('created_by', 64).nullable();
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['contact_lists', 'campaigns']) {
    await knex.schema.alterTable(table, (columns) => {
      columns.dropColumn('created_by');
    });
  }
}
