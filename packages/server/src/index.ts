export { ConsoleLogger } from './console-logger.js';
export { buildServerContainer, type ServerParts } from './server-container.js';
export { ConfigError, DEFAULT_BRAND, DEFAULT_PORT, readServerConfig, type ServerConfig } from './server-config.js';
export { startServer, type RunningServer } from './start-server.js';
export { migrateStorage, openStorage, type OpenStorage } from './open-storage.js';
export { describeStorage, readStorageLocation, withoutPassword, type StorageLocation } from './storage-location.js';
