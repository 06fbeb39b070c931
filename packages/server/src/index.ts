export { ConsoleLogger } from './console-logger.js';
export { buildServerContainer } from './server-container.js';
export { ConfigError, DEFAULT_BRAND, DEFAULT_PORT, readServerConfig, type ServerConfig } from './server-config.js';
export { startServer, type RunningServer } from './start-server.js';
