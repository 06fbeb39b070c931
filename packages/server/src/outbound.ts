#!/usr/bin/env node
import { openApiDocument } from '@outbound/adapters-http';
import { writeFile } from 'node:fs/promises';
import { PinoLogger } from './pino-logger.js';
import { repairStorage } from './repair-storage.js';
import { migrateStorage } from './server-container.js';
import { ConfigError, readServerConfig } from './server-config.js';
import { startServer } from './start-server.js';

const USAGE = [
  'usage: outbound [serve | migrate | repair [--dry-run] | openapi [FILE]]',
  '  serve             serve the HTTP API (the default)',
  '  migrate           apply pending database migrations, then exit',
  '  repair            remove the contact lists left without a campaign for longer than',
  '                    ORPHAN_GRACE_MS (what a crash between the two steps leaves), then exit',
  '  repair --dry-run  list them, removing nothing',
  '  openapi [FILE]    write the OpenAPI 3.1 document GET /openapi.json serves to FILE (or print it)',
  'Settings come from the environment; see the README.',
].join('\n');

async function main(args: readonly string[]): Promise<number> {
  const [command = 'serve', ...rest] = args;
  if (command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  const known =
    ((command === 'serve' || command === 'migrate') && rest.length === 0) ||
    (command === 'repair' && (rest.length === 0 || (rest.length === 1 && rest[0] === '--dry-run'))) ||
    (command === 'openapi' && rest.length <= 1);
  if (!known) {
    console.error(`outbound: unknown command ${JSON.stringify(args.join(' '))}\n${USAGE}`);
    return 2;
  }
  const config = readServerConfig(process.env);
  if (command === 'openapi') {
    // The document of a server with these settings, as its GET /openapi.json answers it.
    const document = openApiDocument({
      bodyLimitBytes: config.bodyLimitBytes,
      limits: config.limits,
      reads: true,
      metrics: true,
    });
    const text = `${JSON.stringify(document, null, 2)}\n`;
    if (rest[0] === undefined) process.stdout.write(text);
    else await writeFile(rest[0], text);
    return 0;
  }
  const logger = await PinoLogger.create({ level: config.logLevel, format: config.logFormat });
  if (command === 'migrate') {
    await migrateStorage(config.storage, logger);
    return 0;
  }
  if (command === 'repair') {
    const { lists, dryRun } = await repairStorage(config, logger, { dryRun: rest[0] === '--dry-run' });
    for (const list of lists) {
      console.log(
        `${dryRun ? 'would remove' : 'removed'} ${list.name} (${list.rowCount} rows, stored ${list.createdAt.toISOString()})`,
      );
    }
    console.log(`${dryRun ? 'would remove' : 'removed'} ${lists.length} contact list(s) left without a campaign`);
    return 0;
  }
  // Listen for the stop signal before serving, so a signal that arrives right after start-up still closes cleanly.
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve).once('SIGTERM', resolve);
  });
  const server = await startServer(config, logger);
  const signal = await stopRequested;
  logger.info(`${signal}: outbound stopping; requests in flight have ${config.shutdownTimeoutMs} ms to finish`);
  const stopAtOnce = (second: NodeJS.Signals): void => {
    logger.warn(`${second} again: outbound stopping at once, cutting whatever is in flight`);
    process.exit(1);
  };
  process.once('SIGINT', stopAtOnce).once('SIGTERM', stopAtOnce);
  const closed = await server.stop();
  if (closed.deadlinePassed) {
    logger.error(
      `SHUTDOWN_TIMEOUT_MS (${config.shutdownTimeoutMs} ms) passed: cut ${closed.requestsCut} request(s) in flight`,
      {
        requestsCut: closed.requestsCut,
      },
    );
    // Whatever was cut may still hold a database connection, which would keep the process alive.
    process.exit(1);
  }
  logger.info('outbound stopped');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A database that cannot be reached says so in its message; the stack would add nothing for an operator.
    const reason =
      error instanceof ConfigError
        ? error.message
        : `cannot start: ${error instanceof Error ? error.message : String(error)}`;
    console.error(`outbound: ${reason}`);
    process.exitCode = 1;
  },
);
