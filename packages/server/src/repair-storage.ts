import {
  SweepOrphanedContactListsToken,
  type Logger,
  type OrphanSweepReport,
  type SweepOrphanedContactLists,
} from '@outbound/domain';
import { openWorkContainer } from './composition/work-container.js';
import type { ServerConfig } from './server-config.js';

/** One sweep of the lists left without a campaign, by hand: the `outbound repair` command. No HTTP, no metrics. */
export async function repairStorage(
  config: ServerConfig,
  logger: Logger,
  { dryRun }: { readonly dryRun: boolean },
): Promise<OrphanSweepReport> {
  const { container, close } = await openWorkContainer(config, { logger });
  try {
    return await container.get<SweepOrphanedContactLists>(SweepOrphanedContactListsToken).run({ dryRun });
  } finally {
    await close();
  }
}
