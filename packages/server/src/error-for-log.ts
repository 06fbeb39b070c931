import { withoutPersonalData } from '@outbound/adapters-http/without-personal-data';

/** What a log line keeps of an error: never its free-form properties, which may hold the rows. */
export interface LoggedError {
  readonly type: string;
  /** Absent for a driver's error whose message is not one of {@link SAFE_DRIVER_MESSAGES}. */
  readonly message?: string;
  readonly code?: string | number;
  readonly errno?: number;
  readonly sqlState?: string;
  readonly stack?: string;
  readonly cause?: LoggedError | string;
}

const QUOTED = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g;
/** Enough for any message; a failed bulk statement quotes kilobytes of SQL, which a log line can do without. */
const MAX_MESSAGE_LENGTH = 1_000;
const MAX_CAUSES = 5;

/**
 * What mysql2 and better-sqlite3 say of a failure without quoting anything the statement or the
 * database was given: the only messages of theirs a log line keeps. Any other, a MySQL trigger's
 * SIGNAL text or SQLite's RAISE included, may be anything at all, a person's name as well.
 */
const SAFE_DRIVER_MESSAGES: readonly (string | RegExp)[] = [
  'Lock wait timeout exceeded; try restarting transaction',
  'Deadlock found when trying to get lock; try restarting transaction',
  'Query execution was interrupted',
  'Query execution was interrupted, maximum statement execution time exceeded',
  'Query execution was interrupted (max_statement_time exceeded)',
  'Too many connections',
  'database is locked',
  'database table is locked',
  'database or disk is full',
  'disk I/O error',
  'attempt to write a readonly database',
  'FOREIGN KEY constraint failed',
  // Names a table and its columns, never a value.
  /^(?:UNIQUE|NOT NULL|PRIMARY KEY) constraint failed: \w+\.\w+(?:, \w+\.\w+)*$/,
];

/** What knex puts before a driver's own message: the statement, then ` - `. */
const KNEX_STATEMENT_SEPARATOR = ' - ';

/**
 * An error as it may be logged. Drivers put the values of a failed statement in its message
 * (MySQL's "Duplicate entry '+9198…'"), in properties of their own (mysql2's `sql`, with every
 * row), and pass on text written in the database (a trigger's), so a driver's error keeps its
 * codes and stack frames, and its message only when it is a known one that quotes nothing. Any
 * other error keeps its type, codes, frames and message, with every quoted text, every run of
 * digits as long as a phone number and every e-mail address replaced by '…'.
 */
export function errorForLog(error: unknown): LoggedError | string {
  return withCauses(error, 0);
}

interface DriverFields {
  readonly code?: unknown;
  readonly errno?: unknown;
  readonly sqlState?: unknown;
  readonly sqlMessage?: unknown;
}

function withCauses(error: unknown, depth: number): LoggedError | string {
  if (!(error instanceof Error)) return typeof error;
  const { code, errno, sqlState } = error as DriverFields;
  const message = isDriverError(error) ? safeDriverMessage(error) : withoutQuotedText(error.message);
  return {
    type: error.name,
    ...(message === undefined ? {} : { message: clippedMessage(message) }),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof errno === 'number' ? { errno } : {}),
    ...(typeof sqlState === 'string' ? { sqlState } : {}),
    ...(error.stack === undefined ? {} : { stack: framesOf(error.stack) }),
    ...(error.cause === undefined || depth >= MAX_CAUSES ? {} : { cause: withCauses(error.cause, depth + 1) }),
  };
}

/** mysql2's errors of the server carry a SQL state and its message apart; its and better-sqlite3's codes say whose they are. */
function isDriverError(error: Error): boolean {
  const { code, sqlState, sqlMessage } = error as DriverFields;
  return (
    typeof sqlState === 'string' ||
    typeof sqlMessage === 'string' ||
    error.name === 'SqliteError' ||
    (typeof code === 'string' && (code.startsWith('ER_') || code.startsWith('SQLITE_')))
  );
}

/** The driver's own message when it is a safe one, without the statement knex puts before it; else nothing. */
function safeDriverMessage(error: Error): string | undefined {
  const { sqlMessage } = error as DriverFields;
  const own = typeof sqlMessage === 'string' ? sqlMessage : afterStatement(error.message);
  return SAFE_DRIVER_MESSAGES.some((safe) => (typeof safe === 'string' ? own === safe : safe.test(own)))
    ? own
    : undefined;
}

/** None of the safe messages holds the separator, so the last one ends the statement. */
function afterStatement(message: string): string {
  const at = message.lastIndexOf(KNEX_STATEMENT_SEPARATOR);
  return at < 0 ? message : message.slice(at + KNEX_STATEMENT_SEPARATOR.length);
}

function clippedMessage(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}…` : message;
}

function withoutQuotedText(text: string): string {
  return withoutPersonalData(text.replace(QUOTED, (quoted) => `${quoted[0]}…${quoted[0]}`));
}

/** The frames of a stack, without the message its first lines repeat. */
function framesOf(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}
