/** What `outbound import` exits with; its usage text tells the same, and scripts rely on them. */
export const ImportExitCode = {
  /** Stored, a replay included, or a dry run that found nothing wrong, or the help asked for. */
  done: 0,
  /** Rows rejected, or the name taken with other rows: the file is at fault. */
  rejected: 1,
  /** The command was called wrongly: arguments, settings, or a key it does not know. */
  usage: 2,
  /** The storage or the server failed. */
  failed: 3,
} as const;

export type ImportExitCode = (typeof ImportExitCode)[keyof typeof ImportExitCode];
