import type { HistogramBatch } from '@outbound/adapters-http';

export type PortCallLabels = 'port' | 'operation' | 'result';

/**
 * The port, with each of its calls timed into `histogram` by port, operation and result (`ok` or
 * `error`). Only names are recorded, never what was passed or answered. Each method is wrapped
 * once, with its labels, rather than on every call.
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
        timed = timedCall(
          member as (...args: unknown[]) => unknown,
          target,
          { port: portName, operation: String(key) },
          histogram,
        );
        wrapped.set(member, timed);
      }
      return timed;
    },
  });
}

function timedCall(
  method: (...args: unknown[]) => unknown,
  target: object,
  labels: { readonly port: string; readonly operation: string },
  histogram: HistogramBatch<PortCallLabels>,
): (...args: unknown[]) => Promise<unknown> {
  const ok = { ...labels, result: 'ok' };
  const failed = { ...labels, result: 'error' };
  return async (...args) => {
    const startedAt = performance.now();
    try {
      const answer: unknown = await Reflect.apply(method, target, args);
      histogram.observe(ok, (performance.now() - startedAt) / 1_000);
      return answer;
    } catch (error) {
      histogram.observe(failed, (performance.now() - startedAt) / 1_000);
      throw error;
    }
  };
}
