import { expect } from 'chai';
import { Registry } from 'prom-client';
import { HistogramBatch } from '../src/index.js';

describe('HistogramBatch', function () {
  const fast = { operation: 'read' };
  const slow = { operation: 'write' };

  function batchIn(registry: Registry): HistogramBatch<'operation'> {
    return new HistogramBatch({
      name: 'calls_seconds',
      help: 'Calls.',
      labelNames: ['operation'],
      buckets: [0.01, 0.1, 1],
      registers: [registry],
    });
  }

  it('exposes every observation at a scrape, those of full batches and those still waiting', async function () {
    const registry = new Registry();
    const batch = batchIn(registry);
    // More than two batches, so that some were handed over when full and the rest wait for the scrape.
    for (let index = 0; index < 2_500; index += 1)
      batch.observe(index % 5 === 0 ? slow : fast, index % 5 === 0 ? 0.5 : 0.005);

    const exposed = await registry.metrics();

    expect(exposed).to.include('calls_seconds_bucket{le="0.01",operation="read"} 2000');
    expect(exposed).to.include('calls_seconds_bucket{le="1",operation="read"} 2000');
    expect(exposed).to.include('calls_seconds_count{operation="read"} 2000');
    expect(exposed).to.include('calls_seconds_bucket{le="0.1",operation="write"} 0');
    expect(exposed).to.include('calls_seconds_bucket{le="1",operation="write"} 500');
    expect(exposed).to.include('calls_seconds_count{operation="write"} 500');
    expect(exposed).to.match(/calls_seconds_sum\{operation="write"\} 250\b/);
  });

  it('adds what was observed since the last scrape to the next one', async function () {
    const registry = new Registry();
    const batch = batchIn(registry);
    batch.observe(slow, 0.5);
    await registry.metrics();

    batch.observe(slow, 0.25);
    batch.observe(fast, 0.005);
    const { values } = await batch.histogram.get();

    const count = (operation: string) =>
      values.find((value) => value.metricName === 'calls_seconds_count' && value.labels['operation'] === operation)
        ?.value;
    expect(count('write')).to.equal(2);
    expect(count('read')).to.equal(1);
  });
});
