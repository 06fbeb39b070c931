import { Container, type ContainerModule } from 'inversify';
import { openStorage, type OpenStorage } from '../open-storage.js';
import type { ServerConfig } from '../server-config.js';
import { edgesModule, type Edges } from './edges-module.js';

/** An object graph over the storage, and how to let go of the storage under it. */
export interface ServerContainer {
  readonly container: Container;
  readonly close: () => Promise<void>;
}

/**
 * The composition root: opens the storage the settings name (connected, and migrated unless
 * MIGRATE=false) and loads, over its adapters and the edges, the modules a command needs (use
 * cases, metrics, HTTP); nothing else builds a use case or an adapter. The storage is let go of
 * when loading fails.
 */
export async function openOutboundContainer(
  config: ServerConfig,
  edges: Edges,
  modulesOver: (storage: OpenStorage) => readonly ContainerModule[],
): Promise<ServerContainer> {
  const storage = await openStorage(config, edges.logger);
  try {
    const container = new Container();
    container.load(edgesModule(edges), storage.adapters, ...modulesOver(storage));
    return { container, close: storage.close };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
