import type { HistogramBatch, HistogramSeries } from '@outbound/metrics';

export type PortCallLabels = 'port' | 'operation' | 'result';

/**
 * The port, with each of its calls timed into `histogram` by port, operation and result (`ok` or
 * `error`). Only names are recorded, never what was passed or answered. Each method is wrapped
 * once, with its two series, rather than on every call.
 */
export function timedPort<Port extends object>(
  port: Port,
  portName: string,
  histogram: HistogramBatch<PortCallLabels>,
): Port {
  const wrapped = new WeakMap<object, unknown>();
  return new Proxy(port, {
    get(target, key, receiver) {
      const member: unknown = Reflect.get(target, key, receiver);
      if (typeof member !== 'function') return member;
      let timed = wrapped.get(member);
      if (timed === undefined) {
        const labels = { port: portName, operation: String(key) };
        timed = timedCall(member as (...args: unknown[]) => unknown, target, {
          ok: histogram.seriesOf({ ...labels, result: 'ok' }),
          failed: histogram.seriesOf({ ...labels, result: 'error' }),
        });
        wrapped.set(member, timed);
      }
      return timed;
    },
  });
}

function timedCall(
  method: (...args: unknown[]) => unknown,
  target: object,
  series: { readonly ok: HistogramSeries; readonly failed: HistogramSeries },
): (...args: unknown[]) => Promise<unknown> {
  return async (...args) => {
    const startedAt = performance.now();
    try {
      const answer: unknown = await Reflect.apply(method, target, args);
      series.ok.observe((performance.now() - startedAt) / 1_000);
      return answer;
    } catch (error) {
      series.failed.observe((performance.now() - startedAt) / 1_000);
      throw error;
    }
  };
}
