/** What a driver's error says about a constraint, across mysql2 and better-sqlite3. */
function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(error: unknown): boolean {
  const code = codeOf(error);
  return (
    code === 'ER_ROW_IS_REFERENCED_2' || code === 'ER_NO_REFERENCED_ROW_2' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
  );
}

/** InnoDB may pick a transaction to abort when several insert one unique key at once; it can simply run again. */
export function isDeadlock(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT';
}

/** SQLite: another connection (another process, most likely) holds the lock this statement needs. */
export function isLockBusy(error: unknown): boolean {
  const code = codeOf(error);
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** A row's column was given no value where one is required: a sub-select that found nothing, say. */
export function isNotNullViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'ER_BAD_NULL_ERROR' || code === 'SQLITE_CONSTRAINT_NOTNULL';
}
