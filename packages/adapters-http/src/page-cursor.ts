import type { CampaignPosition } from '@outbound/domain';
import { createHash } from 'node:crypto';

/**
 * Cursors are opaque to clients but not secret: each carries where the next page starts and a
 * check over that position and what it belongs to, so that a cursor edited by hand, cut short, or
 * taken from another list is refused rather than read from. Anyone able to forge one could read
 * the same pages by paging, so a keyless hash is enough, and any server of a fleet accepts a cursor
 * another one gave out.
 */
const CHECK_LENGTH = 16;

/** What a row cursor belongs to: the list or campaign, by kind, name and the moment it was stored. */
export interface RowOwner {
  readonly kind: 'contact-list' | 'campaign';
  readonly name: string;
  readonly createdAt: Date;
}

const checkOf = (...parts: readonly string[]): string =>
  createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, CHECK_LENGTH);

const POSITION = /^(0|[1-9][0-9]{0,14})$/;

export const rowCursor = {
  of(owner: RowOwner, position: number): string {
    const payload = String(position);
    return `${Buffer.from(payload).toString('base64url')}.${rowCheck(owner, payload)}`;
  },

  /** The position a cursor names, or null when it is no cursor of this server's; its owner is checked with {@link rowCursor.belongsTo}. */
  positionOf(cursor: string): number | null {
    const payload = payloadOf(cursor);
    return payload !== null && POSITION.test(payload) ? Number(payload) : null;
  },

  belongsTo(cursor: string, owner: RowOwner): boolean {
    const payload = payloadOf(cursor);
    return payload !== null && cursor.endsWith(`.${rowCheck(owner, payload)}`);
  },
};

function rowCheck({ kind, name, createdAt }: RowOwner, payload: string): string {
  return checkOf('rows', kind, name, String(createdAt.getTime()), payload);
}

export const campaignCursor = {
  of({ createdAt, name }: CampaignPosition): string {
    const payload = JSON.stringify([createdAt.getTime(), name]);
    return `${Buffer.from(payload).toString('base64url')}.${checkOf('campaigns', payload)}`;
  },

  /** The campaign a cursor starts after, or null when it is no cursor of this server's. */
  positionOf(cursor: string): CampaignPosition | null {
    const payload = payloadOf(cursor);
    if (payload === null || !cursor.endsWith(`.${checkOf('campaigns', payload)}`)) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return null;
    }
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [createdAtMs, name] = parsed as unknown[];
    if (!Number.isSafeInteger(createdAtMs) || typeof name !== 'string') return null;
    return { createdAt: new Date(createdAtMs as number), name };
  },
};

const CURSOR = /^([A-Za-z0-9_-]{1,400})\.[A-Za-z0-9_-]{16}$/;

function payloadOf(cursor: string): string | null {
  const encoded = CURSOR.exec(cursor)?.[1];
  return encoded === undefined ? null : Buffer.from(encoded, 'base64url').toString('utf8');
}
