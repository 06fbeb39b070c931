import { silentLogger } from '@outbound/domain';
import Koa from 'koa';
import { createHttpMiddleware } from './create-http-middleware.js';
import type { HttpAdapterOptions } from './http-adapter-options.js';
import type { CreateContactAndCampaignPort } from './write-route.js';

export type HttpAppOptions = Omit<HttpAdapterOptions, 'prefix'>;

/**
 * A Koa application of its own serving the API at its root: {@link createHttpMiddleware} answering
 * every path, unknown ones included, in the spec's envelope. To serve the API beside routes of
 * your own, mount the middleware in your app instead.
 */
export function createHttpApp(useCase: CreateContactAndCampaignPort, options: HttpAppOptions = {}): Koa {
  const logger = options.logger ?? silentLogger;
  const app = new Koa();
  // What Koa reports outside the middleware, such as a client gone before its answer was written,
  // goes to the operator's log rather than to stderr.
  app.on('error', (error: unknown) => logger.warn('connection error', { error }));
  app.use(createHttpMiddleware(useCase, options));
  return app;
}
