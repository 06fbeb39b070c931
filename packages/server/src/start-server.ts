import { KoaAppToken, serveHttpApp, type ServingHttpApp } from '@outbound/adapters-http';
import type { Logger } from '@outbound/domain';
import type Koa from 'koa';
import type { ServerConfig } from './server-config.js';
import { openServerContainer } from './server-container.js';

/** Opens the storage, wires the server and listens; resolves once it accepts connections. */
export async function startServer(config: ServerConfig, logger: Logger): Promise<ServingHttpApp> {
  if (!config.brandConfigured) {
    logger.info(
      `BRAND_NAME is not set; naming lists and campaigns ${config.brand}_contact_… and ${config.brand}_campaign_…`,
    );
  }
  const server = await openServerContainer(config, { logger });
  let serving: ServingHttpApp;
  try {
    serving = await serveHttpApp(server.container.get<Koa>(KoaAppToken), { port: config.port, host: config.host });
  } catch (error) {
    await server.close();
    throw error;
  }
  logger.info(`outbound listening on ${serving.url}`);
  return {
    url: serving.url,
    close: async () => {
      await serving.close();
      await server.close();
    },
  };
}
