import type { Logger, SweepCampaignRuns, SweepOrphanedContactLists } from '@outbound/domain';

export interface PeriodicSweeps {
  /** Stops sweeping, and resolves once a sweep still under way is done. */
  stop(): Promise<void>;
}

/** What each process sweeps: lists left without a campaign, and campaign runs nobody asks calls of. */
export interface Sweepers {
  readonly orphans: Pick<SweepOrphanedContactLists, 'run'>;
  readonly runs: Pick<SweepCampaignRuns, 'sweep'>;
}

/**
 * Sweeps once now, resolving when that sweep is done, then again every `intervalMs` for as long
 * as the process serves. A sweep that fails (the database is away, say) is logged and tried again
 * at the next turn; a turn that comes while a sweep is still running is skipped. Each sweep goes on
 * when the other fails.
 */
export async function startPeriodicSweeps(
  { orphans, runs }: Sweepers,
  { intervalMs, logger }: { readonly intervalMs: number; readonly logger: Logger },
): Promise<PeriodicSweeps> {
  const sweepOrphans = () =>
    orphans.run().then(
      ({ lists }) => {
        if (lists.length > 0) logger.info(`orphan sweep removed ${lists.length} contact list(s) without a campaign`);
      },
      (error: unknown) => logger.error('orphan sweep failed; it runs again at the next turn', { error }),
    );
  const sweepRuns = () =>
    runs.sweep().then(
      ({ leasesExpired, contactsExpired }) => {
        if (leasesExpired + contactsExpired > 0) {
          logger.info(
            `campaign sweep ended ${leasesExpired} expired lease(s) and expired ${contactsExpired} contact(s)`,
          );
        }
      },
      (error: unknown) => logger.error('campaign sweep failed; it runs again at the next turn', { error }),
    );
  let running: Promise<void> | null = null;
  const sweepOnce = () => {
    running ??= Promise.all([sweepOrphans(), sweepRuns()])
      .then(() => undefined)
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
