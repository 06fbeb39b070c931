import type { Logger } from '@outbound/domain';
import { pino, stdTimeFunctions, type DestinationStream, type Logger as Pino } from 'pino';
import { errorForLog } from './error-for-log.js';

export type LogFormat = 'json' | 'pretty';

export interface PinoLoggerOptions {
  /** pino's level: trace, debug, info, warn, error, fatal or silent. */
  readonly level: string;
  readonly format: LogFormat;
  /** Where lines go; stdout unless told. */
  readonly destination?: DestinationStream;
}

/** Keys under which the code logs errors; pino serialises them as {@link errorForLog} does. */
const ERROR_KEYS = ['error', 'cause'] as const;

/**
 * The {@link Logger} port on pino: one JSON line per event. pino escapes every string it writes, so
 * a value holding a newline stays inside its line.
 */
export class PinoLogger implements Logger {
  private constructor(private readonly pino: Pino) {}

  /** pino-pretty is loaded only when pretty lines are asked for. */
  static async create({ level, format, destination }: PinoLoggerOptions): Promise<PinoLogger> {
    const stream =
      destination ??
      (format === 'pretty' ? (await import('pino-pretty')).default({ colorize: true, sync: true }) : undefined);
    const options = {
      level,
      // An operator reads times; a machine parses ISO 8601 as readily as milliseconds.
      timestamp: stdTimeFunctions.isoTime,
      serializers: Object.fromEntries(ERROR_KEYS.map((key) => [key, (error: unknown) => errorForLog(error)])),
    };
    return new PinoLogger(stream === undefined ? pino(options) : pino(options, stream));
  }

  info(message: string, details?: Readonly<Record<string, unknown>>): void {
    if (details === undefined) this.pino.info(message);
    else this.pino.info(details, message);
  }

  warn(message: string, details?: Readonly<Record<string, unknown>>): void {
    if (details === undefined) this.pino.warn(message);
    else this.pino.warn(details, message);
  }

  error(message: string, details?: Readonly<Record<string, unknown>>): void {
    if (details === undefined) this.pino.error(message);
    else this.pino.error(details, message);
  }
}
