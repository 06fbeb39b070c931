import { phoneMetadataAdaptersModule } from '@outbound/adapters-phone-metadata';
import type { ServerConfig } from '../server-config.js';
import type { Edges } from './edges-module.js';
import { openOutboundContainer, type ServerContainer } from './outbound-container.js';
import { useCasesModule } from './use-cases-module.js';

/**
 * What a command that serves nothing runs (`outbound import` and `outbound campaign` in this
 * process, `outbound repair`): the use cases over the storage and the numbering plan's time zones
 * (read only when a campaign starts), with no HTTP app and no metrics loaded.
 */
export function openWorkContainer(config: ServerConfig, edges: Edges): Promise<ServerContainer> {
  return openOutboundContainer(config, edges, () => [useCasesModule(config), phoneMetadataAdaptersModule()]);
}
