import type { JsonValue } from './json-value.js';

/** One person of a contact list or campaign, as stored. */
export interface ContactRow {
  /** Canonical E.164 with a leading `+`; unique within its list. */
  readonly phoneNumber: string;
  readonly name: string | null;
  /** Every field of the request row other than `phone_number` and `name`, values as sent. */
  readonly otherDetails: Readonly<Record<string, JsonValue>>;
}
