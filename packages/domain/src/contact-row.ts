import { sameJsonValue, type JsonValue } from './json-value.js';

/** One person of a contact list or campaign, as stored. */
export interface ContactRow {
  /** Canonical E.164 with a leading `+`; unique within its list. */
  readonly phoneNumber: string;
  readonly name: string | null;
  /** Every field of the request row other than `phone_number` and `name`, values as sent. */
  readonly otherDetails: Readonly<Record<string, JsonValue>>;
}

/**
 * Whether two lists hold the same rows in the same order: what makes a request a replay of the
 * one that stored `stored`. Custom fields are compared as JSON values, their keys in any order.
 */
export function sameContactRows(stored: readonly ContactRow[], rows: readonly ContactRow[]): boolean {
  if (stored.length !== rows.length) return false;
  for (let index = 0; index < stored.length; index += 1) {
    const a = stored[index] as ContactRow;
    const b = rows[index] as ContactRow;
    if (a.phoneNumber !== b.phoneNumber || a.name !== b.name || !sameJsonValue(a.otherDetails, b.otherDetails)) {
      return false;
    }
  }
  return true;
}
