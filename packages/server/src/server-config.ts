import type { ApiKey, WriteAdmissionLimits } from '@outbound/adapters-http';
import { DEFAULT_BODY_LIMIT_BYTES, DEFAULT_WRITE_ADMISSION_LIMITS } from '@outbound/adapters-http/constants';
import { DEFAULT_STATEMENT_TIMEOUT_MS, MYSQL_POOL_SIZE } from '@outbound/adapters-sql/constants';
import {
  DEFAULT_CALL_LEASE_MS,
  DEFAULT_COMMAND_LIMITS,
  DEFAULT_ORPHAN_GRACE_MS,
  NAME_PART,
  type CommandLimits,
} from '@outbound/domain';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { LogFormat } from './pino-logger.js';
import { readStorageLocation, type StorageLocation } from './storage-location.js';

export const DEFAULT_BRAND = 'VoiceGenie';
export const DEFAULT_PORT = 3000;
/** How often each process looks for lists left without a campaign. */
const DEFAULT_ORPHAN_SWEEP_INTERVAL_MS = 60_000;
/** Requests a minute per key when keys are configured. */
const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
/**
 * Failed authentications a minute per client address before the next are answered 429: a client
 * whose key was just removed still sees 401s first, a scanner is soon told to back off.
 */
const DEFAULT_AUTH_FAILURES_PER_MINUTE = 30;
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;
/** Headers are a few hundred bytes: a client slower than this is holding a connection, not sending. */
const DEFAULT_HEADERS_TIMEOUT_MS = 20_000;
/** A 32 MB body (BODY_LIMIT_BYTES) arrives in about 270 s at 1 Mbit/s. */
const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
/** Node's own; behind a load balancer it should exceed the balancer's idle timeout. */
const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;
const MIN_SECRET_LENGTH = 16;
const KEY_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

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
  /** How often each process sweeps: lists left without a campaign, expired leases, campaigns past their end. */
  readonly orphanSweepIntervalMs: number;
  /** How long a dialer has to report a call before it counts as a failed attempt. */
  readonly callLeaseMs: number;
  /**
   * The keys clients authenticate with, an owner's name with each of its secrets; none means every
   * client is served without one.
   */
  readonly apiKeys: readonly ApiKey[];
  readonly logLevel: string;
  readonly logFormat: LogFormat;
  /** Requests a minute per key (or per client address without keys); 0: no limit. */
  readonly rateLimitPerMinute: number;
  /** With keys, failed authentications a minute per client address before it gets 429; 0: no limit. */
  readonly authFailureLimitPerMinute: number;
  readonly writeAdmission: WriteAdmissionLimits;
  /** How long a stop waits for requests in flight before cutting them. */
  readonly shutdownTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
}

/** The environment held values the server cannot start with; each problem names its variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(`cannot start: ${problems.join('; ')}`);
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

/** What the settings depend on besides the environment's variables. */
export interface ConfigContext {
  /** Whether the logs go to a terminal, where a person reads them: pretty lines unless LOG_FORMAT says otherwise. */
  readonly logsToTerminal?: boolean;
}

/** Reads the server's settings from environment variables, refusing any it cannot use. */
export function readServerConfig(
  env: Environment,
  cwd: string = process.cwd(),
  { logsToTerminal = false }: ConfigContext = {},
): ServerConfig {
  const problems: string[] = [];
  const isSet = (name: string): boolean => env[name] !== undefined && env[name] !== '';
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
  const host = env['HOST'] || undefined;
  if (host !== undefined && !isHost(host)) {
    problems.push(`HOST must be an IPv4 address, an IPv6 address or a host name (got ${JSON.stringify(host)})`);
  }
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
  const callLeaseMs = whole('CALL_LEASE_MS', DEFAULT_CALL_LEASE_MS, 1_000, 86_400_000);
  const storage = readStorageLocation(env['DATABASE_URL'], cwd);
  if (typeof storage === 'string') problems.push(storage);
  const apiKeys = readApiKeys(env, cwd, problems);
  // A key variable that is set but unusable is a problem of its own, told above.
  if (apiKeys.length === 0 && !isSet('API_KEYS') && !isSet('API_KEYS_FILE') && isProduction(env['NODE_ENV'])) {
    problems.push(
      `NODE_ENV is ${env['NODE_ENV']} but neither API_KEYS nor API_KEYS_FILE is set: anyone could create campaigns`,
    );
  }
  const logLevel = env['LOG_LEVEL'] || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(logLevel)})`);
  }
  const logFormat = env['LOG_FORMAT'] || (logsToTerminal ? 'pretty' : 'json');
  if (logFormat !== 'json' && logFormat !== 'pretty') {
    problems.push(`LOG_FORMAT must be json or pretty (got ${JSON.stringify(logFormat)})`);
  }
  const rateLimitPerMinute = whole(
    'RATE_LIMIT_PER_MINUTE',
    apiKeys.length > 0 ? DEFAULT_RATE_LIMIT_PER_MINUTE : 0,
    0,
    10_000_000,
  );
  const authFailureLimitPerMinute = whole('AUTH_FAILURES_PER_MINUTE', DEFAULT_AUTH_FAILURES_PER_MINUTE, 0, 10_000_000);
  const writeAdmission = {
    // On MySQL a write holds one of the pool's connections at a time: fewer turns than connections
    // would leave some idle while requests wait (a small request's time is mostly round trips).
    maxConcurrent: whole(
      'MAX_CONCURRENT_WRITES',
      typeof storage !== 'string' && storage.kind === 'mysql'
        ? MYSQL_POOL_SIZE
        : DEFAULT_WRITE_ADMISSION_LIMITS.maxConcurrent,
      1,
      1_000,
    ),
    maxBodyBytesInFlight: whole(
      'MAX_WRITE_BYTES_IN_FLIGHT',
      DEFAULT_WRITE_ADMISSION_LIMITS.maxBodyBytesInFlight,
      1,
      1024 ** 4,
    ),
    maxQueued: whole('MAX_QUEUED_WRITES', DEFAULT_WRITE_ADMISSION_LIMITS.maxQueued, 0, 100_000),
    queueTimeoutMs: whole('WRITE_QUEUE_TIMEOUT_MS', DEFAULT_WRITE_ADMISSION_LIMITS.queueTimeoutMs, 1, 3_600_000),
  };
  const shutdownTimeoutMs = whole('SHUTDOWN_TIMEOUT_MS', DEFAULT_SHUTDOWN_TIMEOUT_MS, 0, 3_600_000);
  const requestTimeoutMs = whole('REQUEST_TIMEOUT_MS', DEFAULT_REQUEST_TIMEOUT_MS, 1, 3_600_000);
  const headersTimeoutMs = whole('HEADERS_TIMEOUT_MS', DEFAULT_HEADERS_TIMEOUT_MS, 1, 3_600_000);
  // Compared whichever of the two is defaulted: a short REQUEST_TIMEOUT_MS alone would otherwise
  // shorten the headers' time unsaid, or leave it longer than the request's.
  if (headersTimeoutMs > requestTimeoutMs) {
    problems.push(
      isSet('HEADERS_TIMEOUT_MS')
        ? `HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not exceed REQUEST_TIMEOUT_MS (${requestTimeoutMs})`
        : `REQUEST_TIMEOUT_MS (${requestTimeoutMs}) must not be below HEADERS_TIMEOUT_MS (${headersTimeoutMs}, its default): set HEADERS_TIMEOUT_MS as well`,
    );
  }
  const keepAliveTimeoutMs = whole('KEEP_ALIVE_TIMEOUT_MS', DEFAULT_KEEP_ALIVE_TIMEOUT_MS, 1, 3_600_000);
  const migrate = env['MIGRATE'] ?? 'true';
  if (migrate !== 'true' && migrate !== 'false') {
    problems.push(`MIGRATE must be true or false (got ${JSON.stringify(migrate)})`);
  }
  if (problems.length > 0 || typeof storage === 'string') throw new ConfigError(problems);
  return {
    port,
    host,
    brand,
    brandConfigured,
    limits,
    bodyLimitBytes,
    storage,
    migrate: migrate === 'true',
    statementTimeoutMs,
    orphanGraceMs,
    orphanSweepIntervalMs,
    callLeaseMs,
    apiKeys,
    logLevel,
    logFormat: logFormat === 'pretty' ? 'pretty' : 'json',
    rateLimitPerMinute,
    authFailureLimitPerMinute,
    writeAdmission,
    shutdownTimeoutMs,
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs,
  };
}

/**
 * Whether NODE_ENV says production, in any case, `prod` included: read as anything else, a
 * production server mistyped would serve without keys, when asking for keys costs a mistyped
 * staging server one more setting.
 */
function isProduction(nodeEnv: string | undefined): boolean {
  const value = nodeEnv?.toLowerCase();
  return value === 'production' || value === 'prod';
}

/** A label of a host name as RFC 1123 writes it: letters, digits and inner hyphens, 63 at most. */
const HOST_NAME_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * An address Node can listen on, or a name it can look up: an IP address, or a host name of RFC
 * 1123's syntax (a trailing dot allowed) whose last label is not all digits, which would be a
 * mistyped IPv4 address rather than a name.
 */
function isHost(value: string): boolean {
  if (isIP(value) !== 0) return true;
  const labels = (value.endsWith('.') ? value.slice(0, -1) : value).split('.');
  return (
    value.length <= 254 && labels.every((label) => HOST_NAME_LABEL.test(label)) && !/^\d+$/.test(labels.at(-1) ?? '')
  );
}

/** Ends the entry of a key that places calls: `name:secret:dialer`. */
const DIALER_SUFFIX = ':dialer';

/**
 * The keys of API_KEYS (`name:secret,…`) and API_KEYS_FILE (a `name:secret` a line, blank lines
 * and `#` comments allowed), together. A name may come with several secrets, each valid for its
 * owner, so that a secret can be replaced while clients move. An entry ending in `:dialer` is a
 * dialer's key (its secret is what comes before). A problem names the variable and the entry,
 * never a secret.
 */
function readApiKeys(env: Environment, cwd: string, problems: string[]): ApiKey[] {
  const entries: { readonly source: string; readonly text: string }[] = [];
  const listed = env['API_KEYS'] ?? '';
  listed.split(',').forEach((text, index) => {
    if (text.trim() !== '') entries.push({ source: `API_KEYS entry ${index + 1}`, text: text.trim() });
  });
  // Set to nothing but separators, API_KEYS would serve without keys where keys were meant.
  if (listed !== '' && entries.length === 0) {
    problems.push('API_KEYS holds no name:secret entry, only commas or blanks: give one, or leave API_KEYS unset');
  }
  const file = env['API_KEYS_FILE'];
  if (file !== undefined && file !== '') {
    let content: string | undefined;
    try {
      content = readFileSync(resolve(cwd, file), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      problems.push(`API_KEYS_FILE ${JSON.stringify(file)} cannot be read (${code})`);
    }
    const listedBefore = entries.length;
    (content ?? '').split(/\r?\n/).forEach((line, index) => {
      const text = line.trim();
      if (text !== '' && !text.startsWith('#')) entries.push({ source: `API_KEYS_FILE line ${index + 1}`, text });
    });
    // An empty file is as likely a secret that failed to be mounted.
    if (content !== undefined && entries.length === listedBefore) {
      problems.push(`API_KEYS_FILE ${JSON.stringify(file)} holds no name:secret line`);
    }
  }
  const keys: ApiKey[] = [];
  for (const { source, text: entry } of entries) {
    const dialer = entry.endsWith(DIALER_SUFFIX);
    const text = dialer ? entry.slice(0, -DIALER_SUFFIX.length) : entry;
    const colon = text.indexOf(':');
    const name = text.slice(0, colon);
    const secret = text.slice(colon + 1);
    if (colon < 0 || !KEY_NAME.test(name)) {
      problems.push(`${source} must be name:secret, the name 1 to 64 characters from A-Z a-z 0-9 _ . -`);
    } else if (secret.length < MIN_SECRET_LENGTH || !/^[\x21-\x7e]+$/.test(secret)) {
      // A header carries visible ASCII only.
      problems.push(
        `${source}: the secret of key ${name} must be at least ${MIN_SECRET_LENGTH} visible ASCII characters`,
      );
    } else if (keys.some((key) => key.secret === secret)) {
      // A secret names one owner: shared, which owner a request is would depend on the order of the keys.
      const owner = keys.find((key) => key.secret === secret)?.name;
      problems.push(
        owner === name
          ? `${source}: key ${name} has the same secret twice`
          : `${source}: keys ${owner} and ${name} have the same secret`,
      );
    } else if (keys.some((key) => key.name === name && (key.role === 'dialer') !== dialer)) {
      problems.push(`${source}: key ${name} is a dialer in one entry and not in another; a name has one role`);
    } else {
      keys.push({ name, secret, ...(dialer ? { role: 'dialer' as const } : {}) });
    }
  }
  return keys;
}
