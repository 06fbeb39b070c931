import type { ServerConfig } from './server-config.js';

/**
 * With keys configured, the name of the key `apiKey` is, so that what a command does in this
 * process is done as that key's owner, as if over HTTP: undefined without keys or without a key
 * given, null for a key the settings do not hold.
 */
export function apiKeyOwner(config: ServerConfig, apiKey: string | undefined): string | undefined | null {
  if (apiKey === undefined || config.apiKeys.length === 0) return undefined;
  // Whoever runs a command reads the keys themselves, so a plain comparison gives nothing away.
  return config.apiKeys.find(({ secret }) => secret === apiKey)?.name ?? null;
}
