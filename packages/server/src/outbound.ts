#!/usr/bin/env node
// Each command loads what it needs when it runs: an import has no use for Koa, and a person waits for it.
import { writeFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PinoLogger } from './pino-logger.js';
import { ConfigError, readServerConfig } from './server-config.js';

const USAGE = [
  'usage: outbound [serve | migrate | repair [--dry-run] | openapi [FILE] | import FILE.csv --id NAME [options] | campaign ACTION NAME [options]]',
  '  serve             serve the HTTP API (the default)',
  '  migrate           apply pending database migrations, then exit',
  '  repair            remove the contact lists left without a campaign for longer than',
  '                    ORPHAN_GRACE_MS (what a crash between the two steps leaves), then exit',
  '  repair --dry-run  list them, removing nothing',
  '  openapi [FILE]    write the OpenAPI 3.1 document GET /openapi.json serves to FILE (or print it)',
  '  import FILE.csv   create a contact list and a campaign from the rows of a CSV file, in this',
  '                    process or on a server (--url); `outbound import --help` tells every option',
  '  campaign ACTION NAME  start, pause, resume, cancel or show a campaign, in this process or on a',
  '                    server (--url); `outbound campaign --help` tells every option',
  'Settings come from the environment; see the README.',
].join('\n');

/** The options each command takes besides `import`, which reads its own. */
const COMMANDS = {
  serve: { options: {}, files: 0 },
  migrate: { options: {}, files: 0 },
  repair: { options: { 'dry-run': { type: 'boolean' } }, files: 0 },
  openapi: { options: {}, files: 1 },
} as const satisfies Record<string, { options: ParseArgsConfig['options']; files: number }>;

async function main(args: readonly string[]): Promise<number> {
  const [command = 'serve', ...rest] = args;
  if (command === 'import') return (await import('./import-command.js')).importCommand(rest, process.env);
  if (command === 'campaign') return (await import('./campaign-command.js')).campaignCommand(rest, process.env);
  if (command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  if (!Object.hasOwn(COMMANDS, command)) return usageError(`unknown command ${JSON.stringify(args.join(' '))}`);
  const { options, files } = COMMANDS[command as keyof typeof COMMANDS];
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: files > 0, strict: true });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.positionals.length > files) return usageError(`${command} takes at most ${files} file name`);
  const config = readServerConfig(process.env, process.cwd(), { logsToTerminal: process.stdout.isTTY });
  if (command === 'openapi') {
    const [file] = parsed.positionals;
    // The document of a server with these settings, as its GET /openapi.json answers it.
    const { openApiDocument } = await import('@outbound/adapters-http');
    const document = openApiDocument({
      bodyLimitBytes: config.bodyLimitBytes,
      limits: config.limits,
      reads: true,
      runs: true,
      metrics: true,
    });
    const text = `${JSON.stringify(document, null, 2)}\n`;
    if (file === undefined) process.stdout.write(text);
    else await writeFile(file, text);
    return 0;
  }
  const logger = await PinoLogger.create({ level: config.logLevel, format: config.logFormat });
  if (command === 'migrate') {
    const { migrateStorage } = await import('./open-storage.js');
    await migrateStorage(config.storage, logger);
    return 0;
  }
  if (command === 'repair') {
    const { repairStorage } = await import('./repair-storage.js');
    const { lists, dryRun } = await repairStorage(config, logger, { dryRun: parsed.values['dry-run'] === true });
    for (const list of lists) {
      // Names are unique per owner only, so a list of a key's is told apart by its owner.
      const owner = list.createdBy === null ? '' : `, created by ${list.createdBy}`;
      console.log(
        `${dryRun ? 'would remove' : 'removed'} ${list.name} (${list.rowCount} rows, stored ${list.createdAt.toISOString()}${owner})`,
      );
    }
    console.log(`${dryRun ? 'would remove' : 'removed'} ${lists.length} contact list(s) left without a campaign`);
    return 0;
  }
  // Listen for the stop signal before serving, so a signal that arrives right after start-up still closes cleanly.
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve).once('SIGTERM', resolve);
  });
  const { startServer } = await import('./start-server.js');
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

function usageError(reason: string): number {
  console.error(`outbound: ${reason}\n${USAGE}`);
  return 2;
}

const args = process.argv.slice(2);
main(args).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A database that cannot be reached says so in its message; the stack would add nothing for an operator.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`outbound: ${error instanceof ConfigError ? message : `cannot start: ${message}`}`);
    process.exitCode = 1;
  },
);
