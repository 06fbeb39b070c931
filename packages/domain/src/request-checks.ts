import * as v from 'valibot';
import { MAX_QUOTED_CHARACTERS, clipped } from './client-text.js';
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
