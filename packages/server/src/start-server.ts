import { KoaAppToken, serveHttpApp, type ServingHttpApp } from '@outbound/adapters-http';
import { SweepOrphanedContactListsToken, type Logger, type SweepOrphanedContactLists } from '@outbound/domain';
import type Koa from 'koa';
import type { ServerConfig } from './server-config.js';
import { startOrphanSweeps, type OrphanSweeps } from './orphan-sweeps.js';
import { openServerContainer } from './server-container.js';

/**
 * Opens the storage, sweeps away lists an interrupted request left without a campaign, wires the
 * server and listens; resolves once it accepts connections. The sweep then runs periodically.
 */
export async function startServer(config: ServerConfig, logger: Logger): Promise<ServingHttpApp> {
  if (!config.brandConfigured) {
    logger.info(
      `BRAND_NAME is not set; naming lists and campaigns ${config.brand}_contact_… and ${config.brand}_campaign_…`,
    );
  }
  const server = await openServerContainer(config, { logger });
  let sweeps: OrphanSweeps | undefined;
  let serving: ServingHttpApp;
  try {
    sweeps = await startOrphanSweeps(server.container.get<SweepOrphanedContactLists>(SweepOrphanedContactListsToken), {
      intervalMs: config.orphanSweepIntervalMs,
      logger,
    });
    serving = await serveHttpApp(server.container.get<Koa>(KoaAppToken), { port: config.port, host: config.host });
  } catch (error) {
    await sweeps?.stop();
    await server.close();
    throw error;
  }
  logger.info(`outbound listening on ${serving.url}`);
  return {
    url: serving.url,
    close: async () => {
      await serving.close();
      await sweeps.stop();
      await server.close();
    },
  };
}
