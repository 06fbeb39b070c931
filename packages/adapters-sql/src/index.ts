export { connectMysql, connectSqlite, pingDatabase, type DatabaseOptions } from './connect-database.js';
export { StatementTimeoutError } from './driver-session.js';
export { KnexCampaignUploader } from './knex-campaign-uploader.js';
export { KnexContactRepository } from './knex-contact-repository.js';
export { KnexToken } from './knex-token.js';
export { DEFAULT_STATEMENT_TIMEOUT_MS } from './sql-constants.js';
export { migrateToLatest, pendingMigrations } from './outbound-migrations.js';
export { sqlAdaptersModule } from './sql-adapters-module.js';
export { migrateInTurn, type MigrationTurnOptions } from './migrate-in-turn.js';
