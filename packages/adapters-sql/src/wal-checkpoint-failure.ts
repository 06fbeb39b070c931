/**
 * Why the checkpoint worker failed, as it crosses to the thread that started it. An error thrown
 * across that boundary as it is loses what a log line needs: better-sqlite3's `SqliteError` arrives
 * as a bare object holding its code alone, without its type or message.
 */
export interface WalCheckpointFailure {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
}

/** What can cross of anything thrown, an Error or not; a thing that is not an Error is named by its type only. */
export function describeFailure(thrown: unknown): WalCheckpointFailure {
  if (typeof thrown !== 'object' || thrown === null) {
    return { name: 'Error', message: `a ${typeof thrown} was thrown` };
  }
  const { name, message, code, stack } = thrown as Partial<Record<keyof WalCheckpointFailure, unknown>>;
  return {
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : 'no message',
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof stack === 'string' ? { stack } : {}),
  };
}

/** The failure as an Error again, for a logger to serialise like any other: its type, code, message and the worker's frames. */
export function failureAsError({ name, message, code, stack }: WalCheckpointFailure): Error {
  const error = new Error(message);
  error.name = name;
  if (stack !== undefined) error.stack = stack;
  return code === undefined ? error : Object.assign(error, { code });
}
