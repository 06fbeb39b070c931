import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

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

/** A client's `X-Request-Id` when it is safe to repeat in logs and answers; a new one otherwise. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}
