import type { CreateContactAndCampaignOutcome } from '@outbound/domain';
import { Counter, type LabelValues, type Registry } from 'prom-client';
import { HistogramBatch } from './histogram-batch.js';

/** The route label of a request no route matched, so that a scanner's paths cannot create series. */
export const UNMATCHED_ROUTE = 'unmatched';

type RequestLabelNames = 'method' | 'route' | 'status';
type RequestLabels = LabelValues<RequestLabelNames>;

/**
 * What the HTTP adapter counts, registered in the registry it is given (never prom-client's global
 * one, so that two apps in one process keep their own figures). Labels carry route templates,
 * methods, statuses and outcome codes only: nothing a client sent.
 *
 * A request only adds to counts of its own here; the counters are given them when the registry is
 * read (their `collect`), and the durations in batches (see {@link HistogramBatch}): each of
 * prom-client's own calls cost 1 to 2 µs of CPU on the request's path in the server under load,
 * five a request.
 */
export class HttpMetrics {
  private readonly durations: HistogramBatch<RequestLabelNames>;
  /** Each series' labels, made once, by method, route template and status. */
  private readonly seriesLabels = new Map<string, RequestLabels>();
  /** Counts not yet given to their counter, by series. */
  private readonly requestsWaiting = new Map<RequestLabels, number>();
  private readonly outcomesWaiting = new Map<CreateContactAndCampaignOutcome['code'], number>();
  private rowsStoredWaiting = 0;

  constructor(readonly registry: Registry) {
    const registers = [registry];
    const requestsWaiting = this.requestsWaiting;
    new Counter<RequestLabelNames>({
      name: 'outbound_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
      collect() {
        for (const [labels, count] of requestsWaiting) this.inc(labels, count);
        requestsWaiting.clear();
      },
    });
    this.durations = new HistogramBatch({
      name: 'outbound_http_request_duration_seconds',
      help: 'Time from a request arriving to its answer being sent, by method, route template and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    const outcomesWaiting = this.outcomesWaiting;
    new Counter<'code'>({
      name: 'outbound_create_contact_and_campaign_outcomes_total',
      help: 'Outcomes of CreateContactAndCampaign, by code.',
      labelNames: ['code'],
      registers,
      collect() {
        for (const [code, count] of outcomesWaiting) this.inc({ code }, count);
        outcomesWaiting.clear();
      },
    });
    const rowsStoredWaiting = () => {
      const rows = this.rowsStoredWaiting;
      this.rowsStoredWaiting = 0;
      return rows;
    };
    new Counter({
      name: 'outbound_rows_stored_total',
      help: 'Contact rows stored by requests that created a contact list and its campaign (replays not counted).',
      registers,
      collect() {
        const rows = rowsStoredWaiting();
        if (rows > 0) this.inc(rows);
      },
    });
  }

  answered(method: string, route: string, status: number, seconds: number): void {
    const labels = this.labelsOf(method, route, status);
    this.requestsWaiting.set(labels, (this.requestsWaiting.get(labels) ?? 0) + 1);
    this.durations.observe(labels, seconds);
  }

  concluded(outcome: CreateContactAndCampaignOutcome): void {
    this.outcomesWaiting.set(outcome.code, (this.outcomesWaiting.get(outcome.code) ?? 0) + 1);
    if (outcome.code === 'succeeded' && !outcome.replayed) this.rowsStoredWaiting += outcome.rowsStored;
  }

  private labelsOf(method: string, route: string, status: number): RequestLabels {
    const key = `${method} ${route} ${status}`;
    let labels = this.seriesLabels.get(key);
    if (labels === undefined) {
      labels = { method, route, status: String(status) };
      this.seriesLabels.set(key, labels);
    }
    return labels;
  }
}
