import type { Logger, SweepOrphanedContactLists } from '@outbound/domain';

export interface OrphanSweeps {
  /** Stops sweeping, and resolves once a sweep still under way is done. */
  stop(): Promise<void>;
}

/**
 * Sweeps once now, resolving when that sweep is done, then again every `intervalMs` for as long
 * as the process serves. A sweep that fails (the database is away, say) is logged and tried again
 * at the next turn; a turn that comes while a sweep is still running is skipped.
 */
export async function startOrphanSweeps(
  sweep: SweepOrphanedContactLists,
  { intervalMs, logger }: { readonly intervalMs: number; readonly logger: Logger },
): Promise<OrphanSweeps> {
  let running: Promise<void> | null = null;
  const sweepOnce = () => {
    running ??= sweep
      .run()
      .then(
        ({ lists }) => {
          if (lists.length > 0) logger.info(`orphan sweep removed ${lists.length} contact list(s) without a campaign`);
        },
        (error: unknown) => logger.error('orphan sweep failed; it runs again at the next turn', { error }),
      )
      .finally(() => {
        running = null;
      });
    return running;
  };
  await sweepOnce();
  // The timer alone never keeps the process alive: the server does, and stopping it ends the sweeps.
  const timer = setInterval(() => void sweepOnce(), intervalMs).unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
