/** What a log line keeps of an error: never its free-form properties, which may hold the rows. */
export interface LoggedError {
  readonly type: string;
  readonly message: string;
  readonly code?: string | number;
  readonly errno?: number;
  readonly sqlState?: string;
  readonly stack?: string;
  readonly cause?: LoggedError | string;
}

const QUOTED = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g;
/** Seven digits or more, as a phone number is written, however it is punctuated. */
const PHONE_LIKE = /\+?\d[\d ().-]{5,}\d/g;
/** Enough for any message; a failed bulk statement quotes kilobytes of SQL, which a log line can do without. */
const MAX_MESSAGE_LENGTH = 1_000;
const MAX_CAUSES = 5;

/**
 * An error as it may be logged. Drivers put the values of a failed statement in its message
 * (MySQL's "Duplicate entry '+9198…'") and in properties of their own (mysql2's `sql`, with every
 * row), so only the type, the codes, the stack's frames and the message with every quoted text
 * and every run of digits as long as a phone number replaced by '…' are kept.
 */
export function errorForLog(error: unknown): LoggedError | string {
  return withCauses(error, 0);
}

function withCauses(error: unknown, depth: number): LoggedError | string {
  if (!(error instanceof Error)) return typeof error;
  const { code, errno, sqlState } = error as { code?: unknown; errno?: unknown; sqlState?: unknown };
  const message = withoutQuotedText(error.message);
  return {
    type: error.name,
    message: message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}…` : message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof errno === 'number' ? { errno } : {}),
    ...(typeof sqlState === 'string' ? { sqlState } : {}),
    ...(error.stack === undefined ? {} : { stack: framesOf(error.stack) }),
    ...(error.cause === undefined || depth >= MAX_CAUSES ? {} : { cause: withCauses(error.cause, depth + 1) }),
  };
}

function withoutQuotedText(text: string): string {
  return text.replace(QUOTED, (quoted) => `${quoted[0]}…${quoted[0]}`).replace(PHONE_LIKE, '…');
}

/** The frames of a stack, without the message its first lines repeat. */
function framesOf(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}
