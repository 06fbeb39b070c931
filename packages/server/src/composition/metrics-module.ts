import {
  CampaignRunsToken,
  ClockToken,
  RunEventsToken,
  campaignRunView,
  type CampaignRuns,
  type Clock,
  type RunEvents,
} from '@outbound/domain';
import { CounterBatch, HistogramBatch, MetricsRegistryToken } from '@outbound/metrics';
import { ContainerModule } from 'inversify';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { PortTimingToken, type PortTiming } from './port-timing.js';
import { timedPort, type PortCallLabels } from './timed-port.js';

/**
 * Binds the server's metrics: a registry of its own (never prom-client's global one, so that two
 * servers in one process keep their own figures) with Node's process metrics and the calls due
 * now, which the HTTP module serves and counts requests into; the timing of every port call the
 * use cases make; and the counts of what runs tell as it happens (leases expired).
 */
export function metricsModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<Registry>(MetricsRegistryToken)
      .toDynamicValue((context) => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry });
        const runs = context.get<CampaignRuns>(CampaignRunsToken, { optional: true });
        if (runs !== undefined) countDueCalls(registry, runs, context.get<Clock>(ClockToken));
        return registry;
      })
      .inSingletonScope();
    bind<RunEvents>(RunEventsToken)
      .toDynamicValue((context) => {
        const expired = new CounterBatch({
          name: 'outbound_leases_expired_total',
          help: 'Calls whose lease ran out unreported, ended as failed attempts.',
          registers: [context.get<Registry>(MetricsRegistryToken)],
        }).seriesOf({});
        return { leasesExpired: (count) => expired.inc(count) };
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

/**
 * The calls due now across running campaigns, worked out at each scrape from storage (as
 * `GET /campaigns/{name}` counts them), so every process reports the same figure.
 */
function countDueCalls(registry: Registry, runs: CampaignRuns, clock: Clock): void {
  new Gauge({
    name: 'outbound_due_calls',
    help: 'Contacts of running campaigns that may be called now and wait for a dialer.',
    registers: [registry],
    async collect() {
      const now = clock.now();
      let due = 0;
      for (const { createdBy, name } of await runs.findClaimable({ now })) {
        const run = await runs.findRun({ createdBy, name }, now);
        if (run !== null) due += campaignRunView(run, now).contacts.due;
      }
      this.set(due);
    },
  });
}
