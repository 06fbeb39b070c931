import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { withoutPersonalData } from './without-personal-data.js';

/** What every log line written while serving one request carries. */
export interface RequestLogFields {
  readonly requestId: string;
}

const serving = new AsyncLocalStorage<RequestLogFields>();

/**
 * The fields of the request being served where this is called, or undefined outside any. A
 * logger's mixin reads it, so that lines written deep in a port still name their request.
 */
export function currentRequestLogFields(): RequestLogFields | undefined {
  return serving.getStore();
}

/** Runs `serve` as part of the request with these fields. */
export function withinRequest<T>(fields: RequestLogFields, serve: () => Promise<T>): Promise<T> {
  return serving.run(fields, serve);
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
/**
 * The ids balancers and tracers make (a UUID, 32 hex digits): their digits are drawn at random, not
 * anyone's number, though about half of them hold a run the phone number rule would take out.
 */
const GENERATED_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;

/**
 * A client's `X-Request-Id` when it is safe to repeat in logs and answers; a new one otherwise,
 * for one holding what looks like a phone number or an e-mail address included, since a client
 * may well name a request after the contact it is about.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  if (typeof header !== 'string' || !REQUEST_ID.test(header)) return randomUUID();
  return GENERATED_ID.test(header) || withoutPersonalData(header) === header ? header : randomUUID();
}
