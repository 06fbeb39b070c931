/** Separators people type inside phone numbers; they carry no digits, so they are dropped. */
const SEPARATORS = /[ ().-]/g;
const E164_DIGITS = /^\+?([1-9]\d{7,14})$/;

export const PHONE_NUMBER_RULE =
  'must be a phone number in E.164 form: an optional +, then 8 to 15 digits not starting with 0 (spaces, hyphens, dots and parentheses are ignored)';

/**
 * The canonical E.164 form (`+` and digits) of a phone number as people write it, or null when
 * it is not one. `919876543210` and `+91 98765-43210` give the same `+919876543210`.
 */
export function canonicalPhoneNumber(raw: string): string | null {
  const unseparated = raw.replace(SEPARATORS, '');
  const match = E164_DIGITS.exec(unseparated);
  if (match === null) return null;
  // A number sent canonical is kept as sent: stored rows then hold no second copy of it.
  return unseparated === raw && raw.startsWith('+') ? raw : `+${match[1]}`;
}

const NATIONAL_NUMBER = /^0?(\d{1,10})$/;

/**
 * A number as a spreadsheet holds it, in the country whose calling code is `countryCode` (digits,
 * as `91`): without a leading `+` and with at most 10 digits (after a trunk `0`, which is dropped),
 * it is taken as national and given the code; anything else is returned as it is, for
 * {@link canonicalPhoneNumber} to judge.
 */
export function withDefaultCountryCode(raw: string, countryCode: string): string {
  const national = NATIONAL_NUMBER.exec(raw.replace(SEPARATORS, ''));
  return national === null ? raw : `+${countryCode}${national[1]}`;
}
