/** A Map or a WeakMap. */
interface Cache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The value kept under `key`, built and kept the first time it is asked for. */
export function getOrBuild<K, V>(cache: Cache<K, V>, key: K, build: (key: K) => V): V {
  const kept = cache.get(key);
  if (kept !== undefined) return kept;
  const built = build(key);
  cache.set(key, built);
  return built;
}
