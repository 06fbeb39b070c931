// The adapters' defaults, in a module that loads nothing else (exported as
// `@outbound/adapters-sql/constants`), so that reading the server's settings does not load knex.

/**
 * Fifteen seconds: a statement here writes at most 2,000 rows or about 4 MB (see sql-rows), which
 * takes well under a second on a healthy database, so only a database that stopped answering
 * reaches it; a 100,000-row request is fifty such statements, each with its own deadline. On
 * SQLite it is how long a write waits in all for another process's lock.
 */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;

/** Connections each process keeps to MySQL at most; SQLite has one. */
export const MYSQL_POOL_SIZE = 10;
