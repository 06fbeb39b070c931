import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * A secret a client presents, and the name of its owner: the account it is known by in logs and
 * in what it creates. An owner may have several secrets at once, each an entry of its own, so that
 * a secret is replaced without the owner's data changing hands.
 */
export interface ApiKey {
  readonly name: string;
  readonly secret: string;
  /**
   * `dialer`: the key takes calls of every campaign and reports how they ended, and does nothing
   * else. Absent: the key of an owner, who creates, reads and runs its own campaigns.
   */
  readonly role?: 'dialer';
}

/** Which configured key a presented secret is: its owner, and which of the owner's secrets. */
export interface IdentifiedKey {
  readonly owner: string;
  /** {@link ApiKeys.fingerprintOf} the secret presented: names it in logs and metrics in its stead. */
  readonly fingerprint: string;
  readonly role?: 'dialer';
}

/**
 * Set apart from a plain SHA-256 of the secret, so that a table of the SHA-256 of common passwords
 * tells nothing of a fingerprint.
 */
const FINGERPRINT_DOMAIN = 'outbound api key fingerprint\n';
const FINGERPRINT_HEX_DIGITS = 8;

interface ConfiguredKey extends IdentifiedKey {
  readonly digest: Buffer;
}

/**
 * Tells which configured key a presented secret is. Both sides are hashed first, so every
 * comparison is of equal length and takes the same time, and every key is compared whatever
 * matched before it: the time taken says nothing of how much of a secret was right, nor which.
 */
export class ApiKeys {
  private readonly keys: readonly ConfiguredKey[];

  /**
   * Throws a RangeError when two owners share a secret, or when one name is both a dialer and an
   * owner, naming them and never the secret.
   */
  constructor(keys: readonly ApiKey[]) {
    const configured: ConfiguredKey[] = [];
    for (const { name, secret, role } of keys) {
      const digest = digestOf(secret);
      const sharing = configured.find((key) => key.owner !== name && key.digest.equals(digest));
      if (sharing !== undefined) {
        throw new RangeError(`API keys ${sharing.owner} and ${name} have the same secret: a secret names one owner`);
      }
      if (configured.some((key) => key.owner === name && key.role !== role)) {
        throw new RangeError(`API key ${name} is a dialer in one entry and not in another: a name has one role`);
      }
      configured.push({ owner: name, digest, fingerprint: ApiKeys.fingerprintOf(secret), ...(role ? { role } : {}) });
    }
    this.keys = configured;
  }

  /**
   * A short name of a secret, for logs and metrics: the first 8 hex digits of its SHA-256 (set
   * apart by a fixed prefix). 32 bits of a hash cannot give back a secret of 16 characters or more,
   * the least the server accepts: they match some 2^72 other secrets of that length, so they only
   * confirm a guess, and only the guess of a secret weak enough to be in a list of guesses.
   */
  static fingerprintOf(secret: string): string {
    return createHash('sha256')
      .update(FINGERPRINT_DOMAIN + secret, 'utf8')
      .digest('hex')
      .slice(0, FINGERPRINT_HEX_DIGITS);
  }

  /** The owner and fingerprint of the key whose secret this is, or null for a missing or unknown secret. */
  identify(presented: string | undefined): IdentifiedKey | null {
    // No configured secret is empty, so a missing one matches nothing, in the same time.
    const digest = digestOf(presented ?? '');
    let found: ConfiguredKey | null = null;
    for (const key of this.keys) {
      if (timingSafeEqual(key.digest, digest)) found = key;
    }
    if (found === null) return null;
    const { owner, fingerprint, role } = found;
    return { owner, fingerprint, ...(role === undefined ? {} : { role }) };
  }
}

function digestOf(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

const BEARER = /^Bearer +(\S+) *$/i;

/** The secret a request presents, in `x-api-key` or as an `Authorization: Bearer` token. */
export function presentedSecret(headers: {
  readonly 'x-api-key'?: string | string[] | undefined;
  readonly authorization?: string | undefined;
}): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey;
  return BEARER.exec(headers.authorization ?? '')?.[1];
}
