import { apiKeyOwner } from './api-key-owner.js';
import type { ImportArguments } from './import-arguments.js';
import type { ImportTarget } from './import-target.js';
import { ImportUsageError } from './import-usage-error.js';
import { PinoLogger } from './pino-logger.js';
import type { ServerConfig } from './server-config.js';
import { ServerImportTarget } from './server-import-target.js';

/**
 * Where the rows go: the server at `--url`, or else the use case in this process over the
 * storage the settings name, opened (and migrated) now. Rejects with {@link ImportUsageError} when
 * OUTBOUND_API_KEY names no configured key, and with the storage's own error when it cannot be opened.
 */
export async function openImportTarget(
  given: ImportArguments,
  config: ServerConfig,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ImportTarget> {
  const apiKey = env['OUTBOUND_API_KEY'] || undefined;
  if (given.url !== undefined) {
    return new ServerImportTarget({
      url: given.url,
      apiKey,
      retries: given.retries,
      onRetry: ({ attempt, of, reason, delayMs }) =>
        console.error(`${reason}; trying again in ${(delayMs / 1000).toFixed(1)} s (retry ${attempt} of ${of})`),
    });
  }
  // Logs go to stderr, and only warnings unless LOG_LEVEL says otherwise: stdout is the report.
  const logger = await PinoLogger.create({
    level: env['LOG_LEVEL'] ? config.logLevel : 'warn',
    format: config.logFormat,
    destination: process.stderr,
  });
  // Loaded only now: a dry run, a file with problems, or --url never needs knex and the adapters.
  const { openInProcessImportTarget } = await import('./in-process-import-target.js');
  return openInProcessImportTarget(config, logger, keyName(config, apiKey));
}

/** The owner OUTBOUND_API_KEY names; a key the settings do not hold is a usage error. */
function keyName(config: ServerConfig, apiKey: string | undefined): string | undefined {
  const owner = apiKeyOwner(config, apiKey);
  if (owner === null) {
    throw new ImportUsageError('OUTBOUND_API_KEY is not one of the keys in API_KEYS or API_KEYS_FILE');
  }
  return owner;
}
