import type { CreateContactAndCampaignOutcome } from '@outbound/domain';
import type { LabelValues, Registry } from 'prom-client';
import { CounterBatch } from './counter-batch.js';
import { HistogramBatch } from './histogram-batch.js';

/** The route label of a request no route matched, so that a scanner's paths cannot create series. */
export const UNMATCHED_ROUTE = 'unmatched';

type RequestLabelNames = 'method' | 'route' | 'status';
type RequestLabels = LabelValues<RequestLabelNames>;

/** The labels of a counter that has none. */
const NO_LABELS: LabelValues<never> = {};

/**
 * What the HTTP adapter counts, registered in the registry it is given (never prom-client's global
 * one, so that two apps in one process keep their own figures). Labels carry route templates,
 * methods, statuses and outcome codes only: nothing a client sent.
 *
 * A request only adds to counts of its own here ({@link CounterBatch}, {@link HistogramBatch}),
 * handed to prom-client when the registry is read or a batch fills: each of prom-client's own
 * calls cost 1 to 2 µs of CPU on the request's path in the server under load, five a request.
 */
export class HttpMetrics {
  private readonly requests: CounterBatch<RequestLabelNames>;
  private readonly durations: HistogramBatch<RequestLabelNames>;
  private readonly outcomes: CounterBatch<'code'>;
  private readonly rowsStored: CounterBatch<never>;
  /** Each series' labels, made once, by method, route template and status. */
  private readonly seriesLabels = new Map<string, RequestLabels>();
  /** Each outcome's labels, made once. */
  private readonly outcomeLabels = new Map<CreateContactAndCampaignOutcome['code'], LabelValues<'code'>>();

  constructor(readonly registry: Registry) {
    const registers = [registry];
    this.requests = new CounterBatch({
      name: 'outbound_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.durations = new HistogramBatch({
      name: 'outbound_http_request_duration_seconds',
      help: 'Time from a request arriving to its answer being sent, by method, route template and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.outcomes = new CounterBatch({
      name: 'outbound_create_contact_and_campaign_outcomes_total',
      help: 'Outcomes of CreateContactAndCampaign, by code.',
      labelNames: ['code'],
      registers,
    });
    this.rowsStored = new CounterBatch({
      name: 'outbound_rows_stored_total',
      help: 'Contact rows stored by requests that created a contact list and its campaign (replays not counted).',
      registers,
    });
  }

  answered(method: string, route: string, status: number, seconds: number): void {
    const labels = this.labelsOf(method, route, status);
    this.requests.inc(labels);
    this.durations.observe(labels, seconds);
  }

  concluded(outcome: CreateContactAndCampaignOutcome): void {
    let labels = this.outcomeLabels.get(outcome.code);
    if (labels === undefined) {
      labels = { code: outcome.code };
      this.outcomeLabels.set(outcome.code, labels);
    }
    this.outcomes.inc(labels);
    if (outcome.code === 'succeeded' && !outcome.replayed) this.rowsStored.inc(NO_LABELS, outcome.rowsStored);
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
