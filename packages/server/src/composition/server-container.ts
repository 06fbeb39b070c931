import { httpAdapterModule } from '@outbound/adapters-http';
import { phoneMetadataAdaptersModule } from '@outbound/adapters-phone-metadata';
import type { ServerConfig } from '../server-config.js';
import type { Edges } from './edges-module.js';
import { metricsModule } from './metrics-module.js';
import { openOutboundContainer, type ServerContainer } from './outbound-container.js';
import { useCasesModule } from './use-cases-module.js';

export interface ServerEdges extends Edges {
  /** True once the process is stopping; `/readyz` then answers 503. */
  readonly isStopping?: () => boolean;
}

/** What `outbound serve` runs: the use cases over the storage, timed and counted, served over HTTP. */
export function openServerContainer(
  config: ServerConfig,
  { isStopping, ...edges }: ServerEdges,
): Promise<ServerContainer> {
  return openOutboundContainer(config, edges, (storage) => [
    useCasesModule(config),
    phoneMetadataAdaptersModule(),
    metricsModule(),
    httpAdapterModule({
      bodyLimitBytes: config.bodyLimitBytes,
      commandLimits: config.limits,
      ready: storage.ready,
      apiKeys: config.apiKeys,
      rateLimitPerMinute: config.rateLimitPerMinute,
      authFailureLimitPerMinute: config.authFailureLimitPerMinute,
      writeAdmission: config.writeAdmission,
      ...(isStopping === undefined ? {} : { isStopping }),
    }),
  ]);
}
