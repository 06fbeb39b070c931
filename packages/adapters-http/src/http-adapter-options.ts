import { silentLogger, type CommandLimits, type Logger } from '@outbound/domain';
import type { Registry } from 'prom-client';
import type { ApiKey } from './api-keys.js';
import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_WRITE_ADMISSION_LIMITS,
  type WriteAdmissionLimits,
} from './http-constants.js';
import type { ReadContactsAndCampaignsPort } from './read-routes.js';
import type { CampaignRunsPort } from './run-routes.js';

export interface HttpAdapterOptions {
  /**
   * Where the routes live inside a host's app, as `/outbound`: the API is then served at
   * `/outbound/createContactAndCampaign`, and every other path is left to the host. None by default.
   */
  readonly prefix?: string;
  /** The largest request body accepted, in bytes; larger ones get 413. */
  readonly bodyLimitBytes?: number;
  /**
   * Receives an access line at the end of each request and the faults clients are not shown, each
   * naming its request (the use case is told the request id for its own lines). Without one,
   * requests are not logged.
   */
  readonly logger?: Logger;
  /**
   * True: while a request is served, `currentRequestLogFields()` names it to whatever it calls,
   * for a host whose own ports log. Off by default: on Node 20 it hooks every promise of the
   * process, a cost every request pays (decision 10).
   */
  readonly requestContext?: boolean;
  /** Resolves when the storage answers; `GET /readyz` reports it. Always ready when absent. */
  readonly ready?: () => Promise<void>;
  /** How long `GET /readyz` waits for `ready` before answering 503. */
  readonly readyTimeoutMs?: number;
  /**
   * The keys a client may present (`x-api-key` or `Authorization: Bearer`); without one, every
   * path but the probes answers 401. A key's name is its owner: an owner may hold several secrets
   * at once, each serving as the owner, but two owners may not share one (a RangeError). None or
   * empty: no authentication.
   */
  readonly apiKeys?: readonly ApiKey[];
  /**
   * Requests a minute each client may send (probes exempt), counted per key name when keys are
   * configured and per client address otherwise; 0 or absent: no limit.
   */
  readonly rateLimitPerMinute?: number;
  /**
   * With `apiKeys`: failed authentications a minute each client address may make; past it, a
   * request of that address without a valid key is answered 429 instead of 401 until its minute is
   * over. Valid keys neither spend this budget nor are refused by it. 0 or absent: no limit.
   */
  readonly authFailureLimitPerMinute?: number;
  /** Admission control of `POST /createContactAndCampaign`. */
  readonly writeAdmission?: Partial<WriteAdmissionLimits>;
  /** Where request and outcome figures are registered; `GET /metrics` serves it. No metrics when absent. */
  readonly metrics?: Registry;
  /** True once the process is stopping: `/readyz` answers 503 so that a load balancer sends no more. */
  readonly isStopping?: () => boolean;
  /**
   * The read side: with it, `GET /contactLists/{name}`, `/contactLists/{name}/contacts`,
   * `/campaigns`, `/campaigns/{name}` and `/campaigns/{name}/contacts` are served; a caller with a
   * key sees only what was created with that key.
   */
  readonly reads?: ReadContactsAndCampaignsPort;
  /** The limits the use case checks requests with, as `GET /openapi.json` describes them; the defaults when absent. */
  readonly commandLimits?: Partial<CommandLimits>;
  /**
   * Running campaigns: with it, `POST /campaigns/{name}/start`, `/pause`, `/resume`, `/cancel`,
   * `POST /calls/lease` and `POST /calls/{callId}/outcome` are served, and `GET /campaigns/{name}`
   * answers how far the campaign's run got.
   */
  readonly runs?: CampaignRunsPort;
}

/** The options with every default filled in. */
export interface HttpAdapterSettings {
  readonly prefix: string;
  readonly bodyLimitBytes: number;
  readonly logger: Logger;
  readonly requestContext: boolean;
  readonly ready: () => Promise<void>;
  readonly readyTimeoutMs: number;
  readonly apiKeys: readonly ApiKey[];
  readonly rateLimitPerMinute: number;
  readonly authFailureLimitPerMinute: number;
  readonly writeAdmission: WriteAdmissionLimits;
  readonly metrics: Registry | undefined;
  readonly isStopping: () => boolean;
  readonly reads: ReadContactsAndCampaignsPort | undefined;
  readonly commandLimits: Partial<CommandLimits> | undefined;
  readonly runs: CampaignRunsPort | undefined;
}

/** How long /readyz waits for the storage before calling it not ready, unless told otherwise. */
const DEFAULT_READY_TIMEOUT_MS = 2_000;

/** Empty, or a path of segments without a trailing slash, as `/outbound`. */
const PREFIX = /^(\/[^/]+)*$/;

/** Fills in the defaults; throws a RangeError for a prefix that is not a path such as `/outbound`. */
export function httpAdapterSettings(options: HttpAdapterOptions): HttpAdapterSettings {
  const prefix = options.prefix ?? '';
  if (!PREFIX.test(prefix)) {
    throw new RangeError(`prefix must be empty or a path such as /outbound (got ${JSON.stringify(prefix)})`);
  }
  return {
    prefix,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    logger: options.logger ?? silentLogger,
    requestContext: options.requestContext === true,
    ready: options.ready ?? (async () => undefined),
    readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    apiKeys: options.apiKeys ?? [],
    rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
    authFailureLimitPerMinute: options.authFailureLimitPerMinute ?? 0,
    writeAdmission: { ...DEFAULT_WRITE_ADMISSION_LIMITS, ...options.writeAdmission },
    metrics: options.metrics,
    isStopping: options.isStopping ?? (() => false),
    reads: options.reads,
    commandLimits: options.commandLimits,
    runs: options.runs,
  };
}
