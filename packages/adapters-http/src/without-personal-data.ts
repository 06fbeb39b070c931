/**
 * Seven digits or more, as a phone number is written, however it is punctuated; a %-escape counts
 * as punctuation, as in a path where `+91 98765-43210` arrives as `+91%2098765-43210`.
 */
const PHONE_LIKE = /\+?\d(?:[\d ().-]|%[0-9A-Fa-f]{2}){5,}\d/g;

/** What may not be part of an e-mail address's local part or domain as the pattern reads them. */
const NOT_IN_ADDRESS = String.raw`\s@/\\"'<>()[\],;:`;
/**
 * Anything shaped like an e-mail address, `@` perhaps %-escaped. A match begins only where a run of
 * address characters begins, and each part has a bounded length (as RFC 5321's), so any text is
 * read in time proportional to its length: the text masked may be a path a client chose.
 */
const EMAIL_LIKE = new RegExp(
  `(?<![^${NOT_IN_ADDRESS}])[^${NOT_IN_ADDRESS}]{1,64}(?:@|%40)[^${NOT_IN_ADDRESS}.]{1,63}(?:\\.[^${NOT_IN_ADDRESS}.]{1,63}){1,8}`,
  'g',
);

/** What stands in for each piece taken out. */
const MASK = '…';

/**
 * `text` with every run of digits as long as a phone number and every e-mail address replaced by
 * `…`: what a log line may keep of text a client or a database wrote (a path, an error message).
 * Dates and long identifiers are masked too; telling them apart from a phone number is not
 * attempted.
 */
export function withoutPersonalData(text: string): string {
  return text.replace(EMAIL_LIKE, MASK).replace(PHONE_LIKE, MASK);
}

/** A UUID, as the call ids the server makes are written: an id, not a phone number, whatever its digits. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A request's path as {@link withoutPersonalData} leaves it, segment by segment, but for segments
 * that are UUIDs (a call's id): they are kept whole, so that an access line names the call.
 */
export function pathWithoutPersonalData(path: string): string {
  return path
    .split('/')
    .map((segment) => (UUID.test(segment) ? segment : withoutPersonalData(segment)))
    .join('/');
}
