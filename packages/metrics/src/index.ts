export { CounterBatch, type CounterSeries } from './counter-batch.js';
export { HistogramBatch, type HistogramSeries } from './histogram-batch.js';
export { MetricsRegistryToken } from './metrics-registry-token.js';
