import { KoaAppToken } from '@outbound/adapters-http';
import type { Logger } from '@outbound/domain';
import type Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { buildServerContainer } from './server-container.js';
import type { ServerConfig } from './server-config.js';

export interface RunningServer {
  /** Where clients reach it, as `http://host:port`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Wires the server from its configuration and listens; resolves once it accepts connections. */
export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  if (!config.brandConfigured) {
    logger.info(
      `BRAND_NAME is not set; naming lists and campaigns ${config.brand}_contact_… and ${config.brand}_campaign_…`,
    );
  }
  const app = buildServerContainer(config, logger).get<Koa>(KoaAppToken);
  const server = app.listen({ port: config.port, host: config.host });
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { address, port } = server.address() as AddressInfo;
  const host = config.host === undefined || address === '::' || address === '0.0.0.0' ? 'localhost' : address;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info(`outbound listening on ${url}`);
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
