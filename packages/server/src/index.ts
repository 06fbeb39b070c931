export { PinoLogger, type LogFormat, type PinoLoggerOptions } from './pino-logger.js';
export {
  ConfigError,
  DEFAULT_BRAND,
  DEFAULT_PORT,
  readServerConfig,
  type ConfigContext,
  type ServerConfig,
} from './server-config.js';
export { migrateStorage } from './open-storage.js';
export { openServerContainer, type ServerEdges } from './composition/server-container.js';
export type { ServerContainer } from './composition/outbound-container.js';
export { startServer, type RunningServer } from './start-server.js';
export { describeStorage, readStorageLocation, withoutPassword, type StorageLocation } from './storage-location.js';
