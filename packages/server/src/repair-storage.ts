import {
  SweepOrphanedContactListsToken,
  type Logger,
  type OrphanSweepReport,
  type SweepOrphanedContactLists,
} from '@outbound/domain';
import type { ServerConfig } from './server-config.js';
import { openServerContainer } from './server-container.js';

/** One sweep of the lists left without a campaign, by hand: the `outbound repair` command. */
export async function repairStorage(
  config: ServerConfig,
  logger: Logger,
  { dryRun }: { readonly dryRun: boolean },
): Promise<OrphanSweepReport> {
  const server = await openServerContainer(config, { logger });
  try {
    return await server.container.get<SweepOrphanedContactLists>(SweepOrphanedContactListsToken).run({ dryRun });
  } finally {
    await server.close();
  }
}
