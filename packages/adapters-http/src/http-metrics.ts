import type { CreateContactAndCampaignOutcome } from '@outbound/domain';
import { Counter, Histogram, type Registry } from 'prom-client';

/** The route label of a request no route matched, so that a scanner's paths cannot create series. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * What the HTTP adapter counts, registered in the registry it is given (never prom-client's global
 * one, so that two apps in one process keep their own figures). Labels carry route templates,
 * methods, statuses and outcome codes only: nothing a client sent.
 */
export class HttpMetrics {
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly durations: Histogram<'method' | 'route' | 'status'>;
  private readonly outcomes: Counter<'code'>;
  private readonly rowsStored: Counter;

  constructor(readonly registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({
      name: 'outbound_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.durations = new Histogram({
      name: 'outbound_http_request_duration_seconds',
      help: 'Time from a request arriving to its answer being sent, by method, route template and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.outcomes = new Counter({
      name: 'outbound_create_contact_and_campaign_outcomes_total',
      help: 'Outcomes of CreateContactAndCampaign, by code.',
      labelNames: ['code'],
      registers,
    });
    this.rowsStored = new Counter({
      name: 'outbound_rows_stored_total',
      help: 'Contact rows stored by requests that created a contact list and its campaign (replays not counted).',
      registers,
    });
  }

  answered(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.durations.observe(labels, seconds);
  }

  concluded(outcome: CreateContactAndCampaignOutcome): void {
    this.outcomes.inc({ code: outcome.code });
    if (outcome.code === 'succeeded' && !outcome.replayed) this.rowsStored.inc(outcome.rowsStored);
  }
}
