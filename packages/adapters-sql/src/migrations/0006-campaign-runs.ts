import type { Knex } from 'knex';
import { driverOf } from '../driver-session.js';

// A started campaign keeps its settings and the distinct zone keys of its contacts on its own row,
// one row per contact in campaign_calls (where it stands, when it is next due), and one row per
// attempt in call_attempts (its lease, and how it ended). A contact's zone key is stored as its
// index into the campaign's zone keys: a claim asks for the few zones open now by number.

const CALL_ID_LENGTH = 36;
const EXTERNAL_CALL_ID_LENGTH = 256;

/** MySQL tables as the others are: InnoDB, binary collation. */
function onMysql(knex: Knex, table: Knex.CreateTableBuilder): void {
  if (driverOf(knex) === 'mysql2') {
    table.charset('utf8mb4');
    table.collate('utf8mb4_bin');
    table.engine('InnoDB');
  }
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('campaigns', (table) => {
    table.text('run_settings').nullable();
    table.text('zone_keys', 'mediumtext').nullable();
    table.bigInteger('started_at_ms').nullable();
    table.bigInteger('ended_at_ms').nullable();
    // Every lease asks which campaigns hand out calls: those running, or scheduled to.
    table.index(['status', 'started_at_ms'], 'campaigns_by_status_index');
  });
  await knex.schema.createTable('campaign_calls', (table) => {
    onMysql(knex, table);
    table.integer('campaign_id').unsigned().notNullable().references('id').inTable('campaigns').onDelete('CASCADE');
    table.integer('position').notNullable();
    table.string('state', 16).notNullable();
    table.integer('zone_index').notNullable();
    // Null unless waiting.
    table.bigInteger('next_attempt_at_ms').nullable();
    table.integer('attempts').notNullable().defaultTo(0);
    // Null unless finished.
    table.string('last_outcome', 16).nullable();
    table.string('skip_reason', 32).nullable();
    table.primary(['campaign_id', 'position']);
    // A claim of any zone reads the due contacts in the order it hands them out, and stops.
    table.index(['campaign_id', 'state', 'next_attempt_at_ms', 'position'], 'campaign_calls_due_index');
    // A claim of some zones reads each open zone's due contacts in that order.
    table.index(
      ['campaign_id', 'state', 'zone_index', 'next_attempt_at_ms', 'position'],
      'campaign_calls_zone_due_index',
    );
  });
  await knex.schema.createTable('call_attempts', (table) => {
    onMysql(knex, table);
    table.string('call_id', CALL_ID_LENGTH).notNullable().primary();
    table.integer('campaign_id').unsigned().notNullable().references('id').inTable('campaigns').onDelete('CASCADE');
    table.integer('position').notNullable();
    table.integer('attempt').notNullable();
    table.bigInteger('handed_out_at_ms').notNullable();
    table.bigInteger('lease_expires_at_ms').notNullable();
    table.string('outcome', 16).nullable();
    table.bigInteger('ended_at_ms').nullable();
    table.string('ended_by', 16).nullable();
    table.integer('duration_seconds').nullable();
    table.string('external_call_id', EXTERNAL_CALL_ID_LENGTH).nullable();
    // The calls handed out in the minute before a claim, for callsPerMinute.
    table.index(['campaign_id', 'handed_out_at_ms'], 'call_attempts_recent_index');
    // Calls still out (not ended) by lease expiry, for the sweep.
    table.index(['ended_at_ms', 'lease_expires_at_ms'], 'call_attempts_open_leases_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('call_attempts');
  await knex.schema.dropTableIfExists('campaign_calls');
  await knex.schema.alterTable('campaigns', (table) => {
    table.dropIndex(['status', 'started_at_ms'], 'campaigns_by_status_index');
  });
  for (const column of ['run_settings', 'zone_keys', 'started_at_ms', 'ended_at_ms']) {
    await knex.raw('alter table ?? drop column ??', ['campaigns', column]);
  }
}
