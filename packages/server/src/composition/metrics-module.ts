import { HistogramBatch, MetricsRegistryToken } from '@outbound/metrics';
import { ContainerModule } from 'inversify';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { PortTimingToken, type PortTiming } from './port-timing.js';
import { timedPort, type PortCallLabels } from './timed-port.js';

/**
 * Binds the server's metrics: a registry of its own (never prom-client's global one, so that two
 * servers in one process keep their own figures) with Node's process metrics, which the HTTP
 * module serves and counts requests into, and the timing of every port call the use cases make.
 */
export function metricsModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<Registry>(MetricsRegistryToken)
      .toDynamicValue(() => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry });
        return registry;
      })
      .inSingletonScope();
    bind<PortTiming>(PortTimingToken)
      .toDynamicValue((context) => {
        const portCalls = new HistogramBatch<PortCallLabels>({
          name: 'outbound_port_call_duration_seconds',
          help: 'Time taken by calls to the storage ports, by port, operation and result (ok or error).',
          labelNames: ['port', 'operation', 'result'],
          buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
          registers: [context.get<Registry>(MetricsRegistryToken)],
        });
        return (port, portName) => timedPort(port, portName, portCalls);
      })
      .inSingletonScope();
  });
}
