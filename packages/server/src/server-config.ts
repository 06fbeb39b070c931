import { DEFAULT_BODY_LIMIT_BYTES } from '@outbound/adapters-http';
import { DEFAULT_COMMAND_LIMITS, NAME_PART } from '@outbound/domain';
import { readStorageLocation, type StorageLocation } from './storage-location.js';

export const DEFAULT_BRAND = 'VoiceGenie';
export const DEFAULT_PORT = 3000;

export interface ServerConfig {
  readonly port: number;
  /** Where to listen; unset listens on every interface. */
  readonly host: string | undefined;
  readonly brand: string;
  /** False when BRAND_NAME was unset and the default brand is used. */
  readonly brandConfigured: boolean;
  readonly maxRows: number;
  readonly bodyLimitBytes: number;
  readonly storage: StorageLocation;
  /** Whether pending migrations are applied at start-up. */
  readonly migrate: boolean;
}

/** The environment held values the server cannot start with; each problem names its variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(`cannot start: ${problems.join('; ')}`);
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

/** Reads the server's settings from environment variables, refusing any it cannot use. */
export function readServerConfig(env: Environment, cwd: string = process.cwd()): ServerConfig {
  const problems: string[] = [];
  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (/^\d+$/.test(raw) && value >= min && value <= max) return value;
    problems.push(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
    return fallback;
  };

  const brandConfigured = env['BRAND_NAME'] !== undefined && env['BRAND_NAME'] !== '';
  const brand = brandConfigured ? (env['BRAND_NAME'] as string) : DEFAULT_BRAND;
  if (!NAME_PART.test(brand)) {
    problems.push(`BRAND_NAME must be 1 to 64 characters from A-Z a-z 0-9 _ . - (got ${JSON.stringify(brand)})`);
  }
  const port = whole('PORT', DEFAULT_PORT, 0, 65_535);
  const maxRows = whole('MAX_ROWS', DEFAULT_COMMAND_LIMITS.maxRows, 1, 10_000_000);
  const bodyLimitBytes = whole('BODY_LIMIT_BYTES', DEFAULT_BODY_LIMIT_BYTES, 1, 1024 ** 3);
  const storage = readStorageLocation(env['DATABASE_URL'], cwd);
  if (typeof storage === 'string') problems.push(storage);
  const migrate = env['MIGRATE'] ?? 'true';
  if (migrate !== 'true' && migrate !== 'false') {
    problems.push(`MIGRATE must be true or false (got ${JSON.stringify(migrate)})`);
  }
  if (problems.length > 0 || typeof storage === 'string') throw new ConfigError(problems);
  return {
    port,
    host: env['HOST'] || undefined,
    brand,
    brandConfigured,
    maxRows,
    bodyLimitBytes,
    storage,
    migrate: migrate === 'true',
  };
}
