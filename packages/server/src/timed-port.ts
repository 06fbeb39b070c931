import type { Histogram } from 'prom-client';

export type PortCallLabels = 'port' | 'operation' | 'result';

/**
 * The port, with each of its calls timed into `histogram` by port, operation and result (`ok` or
 * `error`). Only names are recorded, never what was passed or answered.
 */
export function timedPort<Port extends object>(
  port: Port,
  portName: string,
  histogram: Histogram<PortCallLabels>,
): Port {
  return new Proxy(port, {
    get(target, key, receiver) {
      const member: unknown = Reflect.get(target, key, receiver);
      if (typeof member !== 'function') return member;
      const operation = String(key);
      return async (...args: unknown[]): Promise<unknown> => {
        const stop = histogram.startTimer({ port: portName, operation });
        try {
          const answer: unknown = await Reflect.apply(member, target, args);
          stop({ result: 'ok' });
          return answer;
        } catch (error) {
          stop({ result: 'error' });
          throw error;
        }
      };
    },
  });
}
