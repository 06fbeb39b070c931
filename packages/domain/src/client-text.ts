/** The most characters of anything a client sent that an answer quotes back. */
export const MAX_QUOTED_CHARACTERS = 100;

/**
 * `text` as an answer may quote it: at most {@link MAX_QUOTED_CHARACTERS} UTF-16 units (never half
 * of a surrogate pair), then, when cut, `…` and how much was left out, so a client sees at once that
 * its value was longer than what is shown.
 */
export function clipped(text: string, max: number = MAX_QUOTED_CHARACTERS): string {
  if (text.length <= max) return text;
  const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}…(+${text.length - end} more)`;
}

/** Characters as a person counts them in code points: an emoji outside the BMP is one, not two UTF-16 units. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let index = 0; index < text.length; index += 1) {
    if (isHighSurrogate(text.charCodeAt(index)) && isLowSurrogate(text.charCodeAt(index + 1))) {
      length -= 1;
      index += 1;
    }
  }
  return length;
}

/**
 * Whether `text` is well-formed Unicode: no half of a surrogate pair on its own. A lone surrogate
 * cannot be written as UTF-8, so each database would store it as different bytes, and an identical
 * request would then no longer match what was stored.
 */
export function isWellFormed(text: string): boolean {
  return text.isWellFormed();
}

export const NOT_WELL_FORMED = 'must be well-formed Unicode text (it holds half of a surrogate pair on its own)';

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
