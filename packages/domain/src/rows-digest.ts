import type { ContactRow } from './contact-row.js';

/**
 * A fingerprint of canonical rows, so a repeated request can be told from a different one without
 * reading a stored list back. Custom fields count with their keys in the order they were sent.
 * Web Crypto keeps the domain free of Node-only modules.
 */
export async function rowsDigest(rows: readonly ContactRow[]): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(rows));
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `sha256:${hex}`;
}
