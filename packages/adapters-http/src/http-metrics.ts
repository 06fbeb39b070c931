import type { CallOutcome, CreateContactAndCampaignOutcome } from '@outbound/domain';
import { CounterBatch, HistogramBatch, type CounterSeries, type HistogramSeries } from '@outbound/metrics';
import type { Registry } from 'prom-client';

/** The route label of a request no route matched, so that a scanner's paths cannot create series. */
export const UNMATCHED_ROUTE = 'unmatched';

type RequestLabelNames = 'method' | 'route' | 'status';

/** The two series a request adds to, for one method, route template and status. */
interface RequestSeries {
  readonly requests: CounterSeries;
  readonly durations: HistogramSeries;
}

/**
 * What the HTTP adapter counts, registered in the registry it is given (never prom-client's global
 * one, so that two apps in one process keep their own figures). Labels carry route templates,
 * methods, statuses, outcome codes, key owners and secret fingerprints only: nothing a client
 * sent. Counted in batches (`@outbound/metrics`), so a request adds to figures of its own and
 * prom-client reads them at each scrape.
 */
export class HttpMetrics {
  private readonly requests: CounterBatch<RequestLabelNames>;
  private readonly durations: HistogramBatch<RequestLabelNames>;
  private readonly outcomes: CounterBatch<'code'>;
  private readonly rowsStored: CounterSeries;
  private readonly keyRequests: CounterBatch<'key' | 'fingerprint'>;
  private readonly callsHandedOut: CounterSeries;
  private readonly callOutcomes: CounterBatch<'outcome'>;
  private readonly callOutcomeSeries = new Map<CallOutcome, CounterSeries>();
  /** The series of each method, route and status seen, found with one lookup per request. */
  private readonly requestSeries = new Map<string, RequestSeries>();
  private readonly outcomeSeries = new Map<CreateContactAndCampaignOutcome['code'], CounterSeries>();
  private readonly keySeries = new Map<string, CounterSeries>();

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
    }).seriesOf({});
    // One series per configured secret at most: the labels are the server's own names, never a client's.
    this.keyRequests = new CounterBatch({
      name: 'outbound_http_key_requests_total',
      help: "Requests that presented a valid API key, by the key's owner and the fingerprint of the secret presented.",
      labelNames: ['key', 'fingerprint'],
      registers,
    });
    this.callsHandedOut = new CounterBatch({
      name: 'outbound_calls_handed_out_total',
      help: 'Calls leased to dialers, every attempt counted.',
      registers,
    }).seriesOf({});
    this.callOutcomes = new CounterBatch({
      name: 'outbound_call_outcomes_total',
      help: 'Outcomes dialers reported, by kind (replays not counted).',
      labelNames: ['outcome'],
      registers,
    });
  }

  leased(calls: number): void {
    this.callsHandedOut.inc(calls);
  }

  reported(outcome: CallOutcome): void {
    let series = this.callOutcomeSeries.get(outcome);
    if (series === undefined) {
      series = this.callOutcomes.seriesOf({ outcome });
      this.callOutcomeSeries.set(outcome, series);
    }
    series.inc();
  }

  answered(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    let series = this.requestSeries.get(key);
    if (series === undefined) {
      const labels = { method, route, status: String(status) };
      series = { requests: this.requests.seriesOf(labels), durations: this.durations.seriesOf(labels) };
      this.requestSeries.set(key, series);
    }
    series.requests.inc();
    series.durations.observe(seconds);
  }

  /** Counts a request that presented a valid key: which of an owner's secrets are still in use. */
  presentedKey(owner: string, fingerprint: string): void {
    const key = `${owner} ${fingerprint}`;
    let series = this.keySeries.get(key);
    if (series === undefined) {
      series = this.keyRequests.seriesOf({ key: owner, fingerprint });
      this.keySeries.set(key, series);
    }
    series.inc();
  }

  concluded(outcome: CreateContactAndCampaignOutcome): void {
    let series = this.outcomeSeries.get(outcome.code);
    if (series === undefined) {
      series = this.outcomes.seriesOf({ code: outcome.code });
      this.outcomeSeries.set(outcome.code, series);
    }
    series.inc();
    if (outcome.code === 'succeeded' && !outcome.replayed) this.rowsStored.inc(outcome.rowsStored);
  }
}
