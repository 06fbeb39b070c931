/** A value that survives a JSON round trip unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Keys that would reach an object's prototype when copied with plain assignment. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * How deep custom fields may nest. Deep enough for real records, shallow enough that walking
 * a value can never exhaust the stack whatever a client sends.
 */
export const MAX_JSON_DEPTH = 32;

/** Why a value is not a storable JSON value, or null when it is one. */
export function jsonValueProblem(value: unknown, depth = 0): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : 'must be a finite number';
  if (typeof value !== 'object') return `must be a JSON value, not ${typeof value}`;
  if (depth >= MAX_JSON_DEPTH) return `nests deeper than ${MAX_JSON_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonValueProblem(item, depth + 1);
      if (problem !== null) return problem;
    }
    return null;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return 'must be a plain JSON object';
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return `must not contain the key ${key}`;
    const problem = jsonValueProblem((value as Record<string, unknown>)[key], depth + 1);
    if (problem !== null) return problem;
  }
  return null;
}
