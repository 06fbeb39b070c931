import { systemClock, type Clock, type Logger } from '@outbound/domain';

type Level = 'info' | 'warn' | 'error';

/** One line per event on stdout (info) or stderr (warn, error), errors with their stack. */
export class ConsoleLogger implements Logger {
  constructor(private readonly clock: Clock = systemClock) {}

  info(message: string, details?: Readonly<Record<string, unknown>>): void {
    this.write('info', message, details);
  }

  warn(message: string, details?: Readonly<Record<string, unknown>>): void {
    this.write('warn', message, details);
  }

  error(message: string, details?: Readonly<Record<string, unknown>>): void {
    this.write('error', message, details);
  }

  private write(level: Level, message: string, details?: Readonly<Record<string, unknown>>): void {
    const suffix = details === undefined ? '' : ` ${JSON.stringify(details, errorsAsText)}`;
    const line = `${this.clock.now().toISOString()} ${level.toUpperCase()} ${message}${suffix}`;
    if (level === 'info') console.log(line);
    else console.error(line);
  }
}

/** Enough for any stack; a failed bulk statement quotes kilobytes of SQL, which a log line can do without. */
const MAX_ERROR_TEXT = 4_000;

function errorsAsText(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const text = value.stack ?? `${value.name}: ${value.message}`;
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}… (${text.length} characters)` : text;
}
