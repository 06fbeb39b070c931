import type { Logger } from '@outbound/domain';

export interface LoggedLine {
  readonly level: keyof Logger;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;
}

export interface RecordingLogger {
  readonly logger: Logger;
  /** Every line so far. */
  readonly lines: readonly LoggedLine[];
  /** The first line so far at `level` whose message is `message` or matches it, else the next to come. */
  readonly next: (level: keyof Logger, message: string | RegExp) => Promise<LoggedLine>;
}

/** A logger that keeps every line, for a test to await the one it expects rather than a time. */
export function recordingLogger(): RecordingLogger {
  const lines: LoggedLine[] = [];
  const awaited: { matches: (line: LoggedLine) => boolean; found: (line: LoggedLine) => void }[] = [];
  const record = (level: keyof Logger) => (message: string, details?: Readonly<Record<string, unknown>>) => {
    const line = { level, message, details };
    lines.push(line);
    for (const waiter of awaited.filter(({ matches }) => matches(line))) {
      awaited.splice(awaited.indexOf(waiter), 1);
      waiter.found(line);
    }
  };
  return {
    logger: { info: record('info'), warn: record('warn'), error: record('error') },
    lines,
    next: (level, message) => {
      const matches = (line: LoggedLine) =>
        line.level === level && (typeof message === 'string' ? line.message === message : message.test(line.message));
      const logged = lines.find(matches);
      if (logged !== undefined) return Promise.resolve(logged);
      return new Promise((found) => awaited.push({ matches, found }));
    },
  };
}
