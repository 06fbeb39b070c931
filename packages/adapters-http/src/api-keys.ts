import { createHash, timingSafeEqual } from 'node:crypto';

/** A secret a client presents, and the name it is known by in logs and in what it creates. */
export interface ApiKey {
  readonly name: string;
  readonly secret: string;
}

/**
 * Tells which configured key a presented secret is. Both sides are hashed first, so every
 * comparison is of equal length and takes the same time, and every key is compared whatever
 * matched before it: the time taken says nothing of how much of a secret was right, nor which.
 */
export class ApiKeys {
  private readonly keys: readonly { readonly name: string; readonly digest: Buffer }[];

  constructor(keys: readonly ApiKey[]) {
    this.keys = keys.map(({ name, secret }) => ({ name, digest: digestOf(secret) }));
  }

  /** The name of the key whose secret this is, or null for a missing or unknown secret. */
  identify(presented: string | undefined): string | null {
    // No configured secret is empty, so a missing one matches nothing, in the same time.
    const digest = digestOf(presented ?? '');
    let found: string | null = null;
    for (const key of this.keys) {
      if (timingSafeEqual(key.digest, digest)) found = key.name;
    }
    return found;
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
