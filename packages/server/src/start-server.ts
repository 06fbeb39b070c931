import { ApiKeys, KoaAppToken, serveHttpApp, type ApiKey, type Closed } from '@outbound/adapters-http';
import {
  SweepCampaignRunsToken,
  SweepOrphanedContactListsToken,
  type Logger,
  type SweepCampaignRuns,
  type SweepOrphanedContactLists,
} from '@outbound/domain';
import type Koa from 'koa';
import type { ServerConfig } from './server-config.js';
import { startPeriodicSweeps, type PeriodicSweeps } from './periodic-sweeps.js';
import { openServerContainer } from './composition/server-container.js';

export interface RunningServer {
  /** Where clients reach it, as `http://host:port`. */
  readonly url: string;
  /**
   * Stops gracefully: `/readyz` answers 503 at once, the listener closes, requests in flight are
   * answered (with `Connection: close`) within SHUTDOWN_TIMEOUT_MS and cut past it, then the sweeps
   * stop and the storage is let go of.
   */
  stop(): Promise<Closed>;
}

/**
 * Opens the storage, sweeps away lists an interrupted request left without a campaign, wires the
 * server and listens; resolves once it accepts connections. The sweeps (lists left without a
 * campaign, expired leases, campaigns past their end) then run periodically.
 */
export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  if (!config.brandConfigured) {
    logger.info(
      `BRAND_NAME is not set; naming lists and campaigns ${config.brand}_contact_… and ${config.brand}_campaign_…`,
    );
  }
  if (config.apiKeys.length === 0) {
    logger.warn(
      'API_KEYS and API_KEYS_FILE are not set: serving without authentication; anyone who can reach the port can create campaigns',
    );
  } else {
    const keys = fingerprintsByOwner(config.apiKeys);
    logger.info(`API keys of ${Object.keys(keys).join(', ')}`, { keys });
  }
  let stopping = false;
  const server = await openServerContainer(config, { logger, isStopping: () => stopping });
  let sweeps: PeriodicSweeps | undefined;
  try {
    const { container } = server;
    sweeps = await startPeriodicSweeps(
      {
        orphans: container.get<SweepOrphanedContactLists>(SweepOrphanedContactListsToken),
        runs: container.get<SweepCampaignRuns>(SweepCampaignRunsToken),
      },
      { intervalMs: config.orphanSweepIntervalMs, logger },
    );
    const serving = await serveHttpApp(server.container.get<Koa>(KoaAppToken), {
      port: config.port,
      host: config.host,
      requestTimeoutMs: config.requestTimeoutMs,
      headersTimeoutMs: config.headersTimeoutMs,
      keepAliveTimeoutMs: config.keepAliveTimeoutMs,
    });
    const everywhere = config.host === undefined ? ', every interface' : '';
    logger.info(`outbound listening on ${serving.listeningOn}${everywhere}`, { url: serving.url });
    const running = sweeps;
    return {
      url: serving.url,
      stop: async () => {
        stopping = true;
        const closed = await serving.close({ timeoutMs: config.shutdownTimeoutMs });
        if (closed.deadlinePassed) {
          // What was cut may still hold the storage; letting go of it would wait for them.
          return closed;
        }
        await running.stop();
        await server.close();
        return closed;
      },
    };
  } catch (error) {
    await sweeps?.stop();
    await server.close();
    throw namingHost(error, config.host);
  }
}

/**
 * Each owner's secrets by fingerprint, as access lines name them: which secrets are in force, told
 * at start-up, so that an operator moving clients to a new secret sees when the old one is unused.
 */
function fingerprintsByOwner(keys: readonly ApiKey[]): Record<string, string[]> {
  // A Map, since a key may be named __proto__.
  const owners = new Map<string, string[]>();
  for (const { name, secret } of keys) owners.set(name, [...(owners.get(name) ?? []), ApiKeys.fingerprintOf(secret)]);
  return Object.fromEntries(owners);
}

/**
 * A listen that failed on HOST, told as a problem of HOST: a name of the right shape may still not
 * resolve, or an address not be this machine's, which Node reports without naming the variable.
 */
function namingHost(error: unknown, host: string | undefined): unknown {
  if (host === undefined || !(error instanceof Error)) return error;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (typeof code !== 'string') return error;
  if (syscall !== 'getaddrinfo' && code !== 'EADDRNOTAVAIL') return error;
  return new Error(`HOST ${JSON.stringify(host)} cannot be listened on (${code})`, { cause: error });
}
