import Router from '@koa/router';
import type { Context, Middleware, Next } from 'koa';
import compose from 'koa-compose';
import { answerInEnvelope } from './answer-in-envelope.js';
import { addApiReference } from './api-reference.js';
import { httpAdapterSettings, type HttpAdapterOptions } from './http-adapter-options.js';
import { CREATE_CONTACT_AND_CAMPAIGN_PATH } from './http-constants.js';
import { HttpMetrics } from './http-metrics.js';
import { openApiDocument } from './openapi-document.js';
import { addProbeRoutes } from './probe-routes.js';
import { addReadRoutes } from './read-routes.js';
import { requestGuards } from './request-guards.js';
import { addRunRoutes } from './run-routes.js';
import { requestIdAndAccessLine } from './request-log.js';
import { routeNames } from './route-names.js';
import { nameRoute } from './serving-state.js';
import { WriteAdmission } from './write-admission.js';
import { writeRoute, type CreateContactAndCampaignPort } from './write-route.js';
import { writeRouteAhead } from './write-route-ahead.js';

/**
 * Koa middleware serving `POST /createContactAndCampaign`, the read endpoints (given `reads`), the
 * probes, `/metrics` (given a registry) and the API's reference under `options.prefix`, to mount
 * in a host's own Koa app beside its routes. Every answer to a path under the prefix, every
 * refusal and unknown route included, carries the spec's envelope; no input makes it crash or
 * answer a 5xx other than the spec's. Other paths go on to the host's next middleware untouched.
 * Mount it before any body parser of the host's, so that its own body limit and answers apply.
 */
export function createHttpMiddleware(
  useCase: CreateContactAndCampaignPort,
  options: HttpAdapterOptions = {},
): Middleware {
  const settings = httpAdapterSettings(options);
  const { prefix, bodyLimitBytes, logger, reads, runs } = settings;
  const metrics = settings.metrics === undefined ? undefined : new HttpMetrics(settings.metrics);
  const admission = new WriteAdmission(settings.writeAdmission);
  const write = writeRoute(useCase, { bodyLimitBytes, admission, metrics });

  const router = new Router(prefix === '' ? {} : { prefix });
  router.post(CREATE_CONTACT_AND_CAMPAIGN_PATH, nameRoute, write);
  if (reads !== undefined) addReadRoutes(router, reads, runs?.read);
  if (runs !== undefined) addRunRoutes(router, runs, { metrics, isStopping: settings.isStopping });
  addProbeRoutes(router, settings);
  const document = openApiDocument({
    prefix,
    bodyLimitBytes,
    reads: reads !== undefined,
    runs: runs !== undefined,
    metrics: settings.metrics !== undefined,
    ...(settings.commandLimits === undefined ? {} : { limits: settings.commandLimits }),
  });
  addApiReference(router, prefix, document);

  const serve = compose([
    requestIdAndAccessLine({ logger, metrics, requestContext: settings.requestContext, routeOf: routeNames(router) }),
    answerInEnvelope(bodyLimitBytes, logger),
    ...requestGuards(settings),
    writeRouteAhead(`${prefix}${CREATE_CONTACT_AND_CAMPAIGN_PATH}`, write),
    // The router's middleware declares the route parameters it adds to a context; a plain one is what it receives.
    ...([router.routes(), router.allowedMethods()] as Middleware[]),
  ]);
  const nothing = async () => undefined;
  return async function outbound(ctx: Context, next: Next): Promise<void> {
    if (claimsPath(ctx, prefix)) await serve(ctx, nothing);
    else await next();
  };
}

/**
 * Whether the request is the API's: its path is under the prefix. The spec's own examples call
 * `https://host//createContactAndCampaign`, and clients keep that double slash, so a path is read
 * (and served) with repeated slashes folded into one.
 */
function claimsPath(ctx: Context, prefix: string): boolean {
  const path = ctx.path.includes('//') ? ctx.path.replace(/\/{2,}/g, '/') : ctx.path;
  if (prefix !== '' && path !== prefix && !path.startsWith(`${prefix}/`)) return false;
  if (path !== ctx.path) ctx.path = path;
  return true;
}
