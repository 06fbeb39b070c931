import { KoaAppToken } from '@outbound/adapters-http';
import type { Logger } from '@outbound/domain';
import type Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { openStorage } from './open-storage.js';
import { buildServerContainer } from './server-container.js';
import type { ServerConfig } from './server-config.js';

export interface RunningServer {
  /** Where clients reach it, as `http://host:port`. */
  readonly url: string;
  /** Stops accepting connections, waits for those open, then lets go of the storage. */
  close(): Promise<void>;
}

/** Opens the storage, wires the server and listens; resolves once it accepts connections. */
export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  if (!config.brandConfigured) {
    logger.info(
      `BRAND_NAME is not set; naming lists and campaigns ${config.brand}_contact_… and ${config.brand}_campaign_…`,
    );
  }
  const storage = await openStorage(config.storage, { migrate: config.migrate, logger });
  const app = buildServerContainer(config, { storage: storage.adapters, logger, ready: storage.ready }).get<Koa>(
    KoaAppToken,
  );
  const server = app.listen({ port: config.port, host: config.host });
  try {
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  } catch (error) {
    await storage.close();
    throw error;
  }
  const { address, port } = server.address() as AddressInfo;
  const host = config.host === undefined || address === '::' || address === '0.0.0.0' ? 'localhost' : address;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info(`outbound listening on ${url}`);
  return {
    url,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
      await storage.close();
    },
  };
}
