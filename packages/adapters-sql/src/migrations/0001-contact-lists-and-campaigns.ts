import type { Knex } from 'knex';
import { driverOf } from '../driver-session.js';

const NAME_LENGTH = 160;

/** MySQL compares strings without case unless told otherwise; names here are case-sensitive. */
function onMysql(knex: Knex, table: Knex.CreateTableBuilder): void {
  if (driverOf(knex) === 'mysql2') {
    table.charset('utf8mb4');
    table.collate('utf8mb4_bin');
    table.engine('InnoDB');
  }
}

/** A list's or campaign's rows, kept in their order; custom fields as the JSON text they came as. */
function rowColumns(table: Knex.CreateTableBuilder): void {
  table.integer('position').notNullable();
  table.string('phone_number', 16).notNullable();
  table.string('name', 256).nullable();
  table.text('other_details', 'mediumtext').notNullable();
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('contact_lists', (table) => {
    onMysql(knex, table);
    table.increments('id');
    table.string('name', NAME_LENGTH).notNullable().unique();
    table.integer('row_count').notNullable();
    table.bigInteger('created_at_ms').notNullable();
  });
  await knex.schema.createTable('contacts', (table) => {
    onMysql(knex, table);
    table
      .integer('contact_list_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('contact_lists')
      .onDelete('CASCADE');
    rowColumns(table);
    table.primary(['contact_list_id', 'position']);
    table.unique(['contact_list_id', 'phone_number']);
  });
  await knex.schema.createTable('campaigns', (table) => {
    onMysql(knex, table);
    table.increments('id');
    table.string('name', NAME_LENGTH).notNullable().unique();
    // A list a campaign calls cannot be removed under it.
    table
      .integer('contact_list_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('contact_lists')
      .onDelete('RESTRICT');
    table.string('status', 32).notNullable();
    table.integer('row_count').notNullable();
    table.bigInteger('created_at_ms').notNullable();
  });
  await knex.schema.createTable('campaign_rows', (table) => {
    onMysql(knex, table);
    table.integer('campaign_id').unsigned().notNullable().references('id').inTable('campaigns').onDelete('CASCADE');
    rowColumns(table);
    table.primary(['campaign_id', 'position']);
    table.unique(['campaign_id', 'phone_number']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['campaign_rows', 'campaigns', 'contacts', 'contact_lists']) {
    await knex.schema.dropTableIfExists(table);
  }
}
