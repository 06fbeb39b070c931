import { NOT_WELL_FORMED, isWellFormed } from './client-text.js';

/** A value that survives a JSON round trip unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Keys that would reach an object's prototype when copied with plain assignment. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * How deep custom fields may nest. Deep enough for real records, shallow enough that walking
 * a value can never exhaust the stack whatever a client sends.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * An upper bound on the bytes values take as UTF-8 JSON, added to as they are checked, so that
 * their exact size need only be measured when the bound is over a limit.
 */
export interface JsonSizeBound {
  bytes: number;
}

/** A UTF-16 unit is at most 3 bytes of UTF-8, and at most 6 as a JSON escape (`\u001f`); then the quotes. */
const stringBound = (text: string): number => 6 * text.length + 2;

/** Why a value is not a storable JSON value, or null when it is one; adds its size to `size` meanwhile. */
export function jsonValueProblem(value: unknown, size: JsonSizeBound = { bytes: 0 }, depth = 0): string | null {
  if (value === null || typeof value === 'boolean') {
    size.bytes += 5;
    return null;
  }
  if (typeof value === 'string') {
    size.bytes += stringBound(value);
    return isWellFormed(value) ? null : NOT_WELL_FORMED;
  }
  if (typeof value === 'number') {
    // The longest a finite number prints as, such as -1.2345678901234567e-308.
    size.bytes += 24;
    return Number.isFinite(value) ? null : 'must be a finite number';
  }
  if (typeof value !== 'object') return `must be a JSON value, not ${typeof value}`;
  if (depth >= MAX_JSON_DEPTH) return `nests deeper than ${MAX_JSON_DEPTH} levels`;
  if (Array.isArray(value)) {
    size.bytes += 2 + value.length;
    for (const item of value) {
      const problem = jsonValueProblem(item, size, depth + 1);
      if (problem !== null) return problem;
    }
    return null;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return 'must be a plain JSON object';
  size.bytes += 2;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return `must not contain the key ${key}`;
    if (!isWellFormed(key)) return `has a key that ${NOT_WELL_FORMED}`;
    size.bytes += stringBound(key) + 2;
    const problem = jsonValueProblem((value as Record<string, unknown>)[key], size, depth + 1);
    if (problem !== null) return problem;
  }
  return null;
}

/** The bytes of a well-formed string as UTF-8. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    // Each half of a surrogate pair: 4 bytes for the pair.
    else if (code >= 0xd800 && code <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

/**
 * Whether two JSON values are the same value: objects with the same keys in any order, arrays
 * item by item. Only what a JSON value can hold is compared, which is what makes it several times
 * faster than a general deep equality on the rows a replay compares.
 */
export function sameJsonValue(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index += 1) {
      if (!sameJsonValue(a[index] as JsonValue, b[index] as JsonValue)) return false;
    }
    return true;
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key) || !sameJsonValue(a[key] as JsonValue, b[key] as JsonValue)) return false;
  }
  return true;
}
