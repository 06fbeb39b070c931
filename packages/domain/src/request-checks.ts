import * as v from 'valibot';
import { MAX_QUOTED_CHARACTERS, NOT_WELL_FORMED, clipped, codePointLength, isWellFormed } from './client-text.js';
import type { Problem } from './problem.js';

/** The message of a type check, or "is required" when the value is missing altogether. */
export const requiredOr =
  (message: string) =>
  (issue: v.BaseIssue<unknown>): string =>
    issue.received === 'undefined' ? 'is required' : message;

/** An object schema reports its missing and unknown keys itself, so its message names each case. */
export const objectMessage = (issue: v.BaseIssue<unknown>): string => {
  if (issue.expected === 'never') return 'is not a known field';
  if (issue.path !== undefined && issue.received === 'undefined') return 'is required';
  return 'must be a JSON object';
};

export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A JSON object with exactly these fields. valibot's object schemas take an array for an object
 * (and would name its missing fields, or take `[]` for an object of optional ones): an array, or
 * any other value, is named as not an object before its fields are looked at.
 */
export const jsonObject = <const Entries extends v.ObjectEntries>(entries: Entries) =>
  v.pipe(
    v.custom<v.InferInput<v.StrictObjectSchema<Entries, undefined>>>(isJsonObject, requiredOr('must be a JSON object')),
    v.strictObject(entries, objectMessage),
  );

/** Text of 1 to `max` characters (code points, as JSON Schema counts them), well-formed. */
export const someText = (max: number) =>
  v.pipe(
    v.string(requiredOr('must be a string')),
    v.minLength(1, 'must not be empty'),
    v.check(isWellFormed, NOT_WELL_FORMED),
    // A string has no more code points than UTF-16 units, so only a long one needs counting.
    v.check((text) => text.length <= max || codePointLength(text) <= max, `must be at most ${max} characters`),
    v.description(`At most ${max} characters.`),
  );

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Where a problem is, as a client reads it: `userData[3].phone_number`, `retry.on[1]`; a key that
 * is no identifier is quoted (and clipped), and an empty path is `body`.
 */
export function fieldPath(prefix: string, path: readonly { readonly key: unknown }[]): string {
  let field = prefix;
  for (const { key } of path) {
    if (typeof key === 'number') field += `[${key}]`;
    else if (typeof key === 'string' && key.length <= MAX_QUOTED_CHARACTERS && IDENTIFIER.test(key)) {
      field += field === '' ? key : `.${key}`;
    } else field += `[${JSON.stringify(typeof key === 'string' ? clipped(key) : key)}]`;
  }
  return field === '' ? 'body' : field;
}

/** A whole number from `min` to `max`, named so in its messages. */
export const wholeNumber = (min: number, max: number) =>
  v.pipe(
    v.number(requiredOr('must be a number')),
    v.integer('must be a whole number'),
    v.minValue(min, `must be from ${min} to ${max}`),
    v.maxValue(max, `must be from ${min} to ${max}`),
  );

/** A request body checked: the value built from it, or every problem named by its field. */
export type Parsed<T> =
  { readonly valid: true; readonly value: T } | { readonly valid: false; readonly problems: readonly Problem[] };

/** Checks that `input` is a JSON object that `schema` accepts, and builds the value from what it gives. */
export function parseObject<Schema extends v.GenericSchema, T>(
  schema: Schema,
  input: unknown,
  build: (output: v.InferOutput<Schema>) => T,
): Parsed<T> {
  if (!isJsonObject(input)) return { valid: false, problems: [{ field: 'body', message: 'must be a JSON object' }] };
  // One problem a field: the first check it fails says what is wrong with it.
  const parsed = v.safeParse(schema, input, { abortPipeEarly: true });
  if (parsed.success) return { valid: true, value: build(parsed.output) };
  return {
    valid: false,
    problems: parsed.issues.map((issue) => ({ field: fieldPath('', issue.path ?? []), message: issue.message })),
  };
}
