import { DEFAULT_BODY_LIMIT_BYTES } from '@outbound/adapters-http';
import { DEFAULT_STATEMENT_TIMEOUT_MS } from '@outbound/adapters-sql';
import { DEFAULT_COMMAND_LIMITS, DEFAULT_ORPHAN_GRACE_MS, NAME_PART, type CommandLimits } from '@outbound/domain';
import { readStorageLocation, type StorageLocation } from './storage-location.js';

export const DEFAULT_BRAND = 'VoiceGenie';
export const DEFAULT_PORT = 3000;
/** How often each process looks for lists left without a campaign. */
const DEFAULT_ORPHAN_SWEEP_INTERVAL_MS = 60_000;

export interface ServerConfig {
  readonly port: number;
  /** Where to listen; unset listens on every interface. */
  readonly host: string | undefined;
  readonly brand: string;
  /** False when BRAND_NAME was unset and the default brand is used. */
  readonly brandConfigured: boolean;
  /** What one request may hold; see CommandLimits. */
  readonly limits: Pick<CommandLimits, 'maxRows' | 'maxRowBytes' | 'maxCustomFields' | 'maxFieldKeyLength'>;
  readonly bodyLimitBytes: number;
  readonly storage: StorageLocation;
  /** Whether pending migrations are applied at start-up. */
  readonly migrate: boolean;
  /** How long a statement may go unanswered (MySQL), or a write wait for the file's lock (SQLite). */
  readonly statementTimeoutMs: number;
  /** How long a list may wait for its campaign before a sweep removes it. */
  readonly orphanGraceMs: number;
  readonly orphanSweepIntervalMs: number;
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
  const limits = {
    maxRows: whole('MAX_ROWS', DEFAULT_COMMAND_LIMITS.maxRows, 1, 10_000_000),
    // Up to 4 MB: a row above that could not share a statement with others within MySQL's default packet.
    maxRowBytes: whole('MAX_ROW_BYTES', DEFAULT_COMMAND_LIMITS.maxRowBytes, 2, 4_000_000),
    maxCustomFields: whole('MAX_CUSTOM_FIELDS', DEFAULT_COMMAND_LIMITS.maxCustomFields, 0, 10_000),
    maxFieldKeyLength: whole('MAX_FIELD_KEY_LENGTH', DEFAULT_COMMAND_LIMITS.maxFieldKeyLength, 1, 10_000),
  };
  const bodyLimitBytes = whole('BODY_LIMIT_BYTES', DEFAULT_BODY_LIMIT_BYTES, 1, 1024 ** 3);
  const statementTimeoutMs = whole('DB_STATEMENT_TIMEOUT_MS', DEFAULT_STATEMENT_TIMEOUT_MS, 1, 3_600_000);
  const orphanGraceMs = whole('ORPHAN_GRACE_MS', DEFAULT_ORPHAN_GRACE_MS, 1, 30 * 86_400_000);
  const orphanSweepIntervalMs = whole('ORPHAN_SWEEP_INTERVAL_MS', DEFAULT_ORPHAN_SWEEP_INTERVAL_MS, 1, 86_400_000);
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
    limits,
    bodyLimitBytes,
    storage,
    migrate: migrate === 'true',
    statementTimeoutMs,
    orphanGraceMs,
    orphanSweepIntervalMs,
  };
}
