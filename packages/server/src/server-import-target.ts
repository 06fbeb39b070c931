import type { Envelope } from '@outbound/adapters-http';
import { CREATE_CONTACT_AND_CAMPAIGN_PATH } from '@outbound/adapters-http/constants';
import type { CreateContactAndCampaignRequest, Problem } from '@outbound/domain';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ImportOutcome, ImportTarget } from './import-target.js';

export interface ServerImportOptions {
  /** The server's address, as `https://host` or `https://host/prefix`. */
  readonly url: URL;
  /** Sent as a Bearer token; never printed. */
  readonly apiKey: string | undefined;
  /** How many times a transient failure is tried again. */
  readonly retries: number;
  /** Told before each retry, with why and how long it waits. */
  readonly onRetry?: (retry: Retry) => void;
}

interface Retry {
  readonly attempt: number;
  readonly of: number;
  readonly reason: string;
  readonly delayMs: number;
}

/** The server's own words, or why there are none. */
type Answer =
  | {
      readonly kind: 'answer';
      readonly status: number;
      readonly retryAfter: string | null;
      readonly body: Envelope | null;
    }
  | { readonly kind: 'unreachable'; readonly reason: string };

/** Statuses that say "not now" rather than "not this": the same request, sent again, may pass. */
const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504]);
/** Connection failures that another attempt may not meet. */
const TRANSIENT_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const FIRST_BACKOFF_MS = 500;
const MOST_BACKOFF_MS = 30_000;
/** Bytes of JSON built before they are handed to the connection. */
const CHUNK_CHARACTERS = 64 * 1024;

/**
 * A running server's `POST /createContactAndCampaign`. The body is written as it is sent, a chunk of
 * rows at a time, never as one string; transient failures are tried again with backoff (or after
 * the server's `Retry-After`), which is safe because the same request replays rather than writing twice.
 */
export class ServerImportTarget implements ImportTarget {
  readonly description: string;
  private readonly endpoint: URL;

  constructor(private readonly options: ServerImportOptions) {
    const base = options.url.href.replace(/\/+$/, '');
    this.endpoint = new URL(`${base}${CREATE_CONTACT_AND_CAMPAIGN_PATH}`);
    this.description = `on the server at ${options.url.origin}${options.url.pathname.replace(/\/+$/, '')}`;
  }

  async send(request: CreateContactAndCampaignRequest): Promise<ImportOutcome> {
    const { retries, onRetry } = this.options;
    for (let attempt = 1; ; attempt += 1) {
      const answer = await this.post(request);
      const reason = transientReason(answer);
      if (reason === null || attempt > retries) return outcomeOf(answer, this.endpoint);
      const delayMs = delayBefore(attempt, answer);
      onRetry?.({ attempt, of: retries, reason, delayMs });
      await sleep(delayMs);
    }
  }

  async close(): Promise<void> {}

  private async post(request: CreateContactAndCampaignRequest): Promise<Answer> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.options.apiKey !== undefined) headers['Authorization'] = `Bearer ${this.options.apiKey}`;
    try {
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers,
        body: ReadableStream.from(jsonChunks(request)),
        duplex: 'half',
      });
      const text = await response.text();
      return {
        kind: 'answer',
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: envelopeIn(text),
      };
    } catch (error) {
      return { kind: 'unreachable', reason: connectionFailure(error) };
    }
  }
}

/** The request as JSON text, a run of rows at a time, encoded as UTF-8. */
function* jsonChunks({ identifierName, userData }: CreateContactAndCampaignRequest): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  let text = `{"identifierName":${JSON.stringify(identifierName)},"userData":[`;
  for (let index = 0; index < userData.length; index += 1) {
    text += (index === 0 ? '' : ',') + JSON.stringify(userData[index]);
    if (text.length >= CHUNK_CHARACTERS) {
      yield encoder.encode(text);
      text = '';
    }
  }
  yield encoder.encode(`${text}]}`);
}

function envelopeIn(text: string): Envelope | null {
  try {
    const body = JSON.parse(text) as unknown;
    return isEnvelope(body) ? body : null;
  } catch {
    return null;
  }
}

function isEnvelope(body: unknown): body is Envelope {
  return (
    isRecord(body) &&
    (body['status'] === 'success' || body['status'] === 'failed') &&
    typeof body['message'] === 'string' &&
    isRecord(body['data']) &&
    typeof body['data']['message'] === 'string'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** fetch says only "fetch failed"; the code of what failed is in its cause. */
function connectionFailure(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = isRecord(cause) && typeof cause['code'] === 'string' ? cause['code'] : undefined;
  if (code !== undefined) return code;
  return cause instanceof Error ? cause.message : String(cause);
}

function transientReason(answer: Answer): string | null {
  if (answer.kind === 'unreachable') return TRANSIENT_ERRORS.has(answer.reason) ? answer.reason : null;
  return TRANSIENT_STATUSES.has(answer.status) ? `the server answered ${answer.status}` : null;
}

/** The server's Retry-After when it gives one (in seconds), else a doubling backoff with jitter. */
function delayBefore(attempt: number, answer: Answer): number {
  const retryAfter = answer.kind === 'answer' && answer.retryAfter !== null ? Number(answer.retryAfter) : NaN;
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return Math.min(retryAfter * 1000, MOST_BACKOFF_MS);
  const backoff = FIRST_BACKOFF_MS * 2 ** (attempt - 1);
  return Math.min(backoff * (0.8 + Math.random() * 0.4), MOST_BACKOFF_MS);
}

function outcomeOf(answer: Answer, endpoint: URL): ImportOutcome {
  if (answer.kind === 'unreachable') {
    return { code: 'storage-failed', message: `cannot reach ${endpoint.origin}: ${answer.reason}` };
  }
  const { status, body } = answer;
  const data: Readonly<Record<string, unknown>> = body?.data ?? {};
  const said = body === null ? `HTTP ${status}` : `${status}, ${body.data.message}`;
  if (status === 200 && body?.status === 'success') {
    const { contactListName, campaignName, rowsStored, duplicatesSkipped, replayed } = data;
    if (
      typeof contactListName === 'string' &&
      typeof campaignName === 'string' &&
      typeof rowsStored === 'number' &&
      typeof duplicatesSkipped === 'number' &&
      typeof replayed === 'boolean'
    ) {
      return { code: 'succeeded', contactListName, campaignName, rowsStored, duplicatesSkipped, replayed };
    }
    // A server that answers the spec's 200 and nothing more has still stored the rows.
    return { code: 'accepted', message: body.message };
  }
  if (status === 400 && Array.isArray(data['problems'])) {
    const problems = data['problems'].filter(isProblem);
    const problemCount = typeof data['problemCount'] === 'number' ? data['problemCount'] : problems.length;
    return { code: 'invalid-command', problems, problemCount };
  }
  if (status === 409) {
    const { conflictingName, contactListName, campaignName } = data;
    if (
      typeof conflictingName === 'string' &&
      typeof contactListName === 'string' &&
      typeof campaignName === 'string'
    ) {
      return { code: 'name-conflict', conflictingName, contactListName, campaignName };
    }
  }
  if (status === 401) return { code: 'unauthorized' };
  if (status === 413) {
    const limit = typeof data['limitBytes'] === 'number' ? `${data['limitBytes']} bytes` : 'less';
    return {
      code: 'refused',
      message: `the server takes request bodies of at most ${limit} (its BODY_LIMIT_BYTES); split the file`,
      byUsage: false,
    };
  }
  if (status === 404 || status === 405) {
    return {
      code: 'refused',
      message: `${endpoint.href} answered ${status}: is --url the address of an outbound server?`,
      byUsage: true,
    };
  }
  if (status >= 500 || TRANSIENT_STATUSES.has(status)) {
    return { code: 'storage-failed', message: `the server answered ${said}` };
  }
  return { code: 'refused', message: `the server answered ${said}`, byUsage: false };
}

function isProblem(value: unknown): value is Problem {
  return isRecord(value) && typeof value['field'] === 'string' && typeof value['message'] === 'string';
}
