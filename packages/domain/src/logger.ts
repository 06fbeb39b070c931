/** Where the use case reports what an operator should know; the composition root decides where it goes. */
export interface Logger {
  info(message: string, details?: Readonly<Record<string, unknown>>): void;
  warn(message: string, details?: Readonly<Record<string, unknown>>): void;
  error(message: string, details?: Readonly<Record<string, unknown>>): void;
}

export const LoggerToken: unique symbol = Symbol.for('@outbound/domain/Logger');

/** A logger that drops everything, for callers that read outcomes instead. */
export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
