#!/usr/bin/env node
import { ConsoleLogger } from './console-logger.js';
import { ConfigError, readServerConfig } from './server-config.js';
import { startServer } from './start-server.js';

const USAGE =
  'usage: outbound [serve]\n  serve  serve the HTTP API (the default); settings come from the environment, see README';

async function main(args: readonly string[]): Promise<number> {
  const [command = 'serve', ...rest] = args;
  if (command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  if (command !== 'serve' || rest.length > 0) {
    console.error(`outbound: unknown command ${JSON.stringify(args.join(' '))}\n${USAGE}`);
    return 2;
  }
  const logger = new ConsoleLogger();
  // Listen for the stop signal before serving, so a signal that arrives right after start-up still closes cleanly.
  const stopRequested = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve).once('SIGTERM', resolve);
  });
  const server = await startServer(readServerConfig(process.env), logger);
  await stopRequested;
  logger.info('outbound stopping');
  await server.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof ConfigError ? `outbound: ${error.message}` : error);
    process.exitCode = 1;
  },
);
