/**
 * Where a composition root binds the prom-client `Registry` its adapters register their metrics
 * in and `/metrics` serves; nothing is counted when none is bound.
 */
export const MetricsRegistryToken: unique symbol = Symbol.for('@outbound/metrics/Registry');
