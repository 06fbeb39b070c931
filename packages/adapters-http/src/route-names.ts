import type Router from '@koa/router';
import type { Context } from 'koa';
import { UNMATCHED_ROUTE } from './http-metrics.js';
import type { ServingState } from './serving-state.js';

/**
 * The route template of a request, as the access line and metrics name it: the one that served it,
 * or, for a request no route served (a 405, an OPTIONS, a 404), the router's route for its path,
 * whatever the method; `unmatched` for a path no route has.
 */
export function routeNames(router: Router): (ctx: Context, state: ServingState) => string {
  return (ctx, { route }) =>
    route ??
    router
      .match(ctx.path, ctx.method)
      .path.find((layer) => layer.methods.length > 0)
      ?.path.toString() ??
    UNMATCHED_ROUTE;
}
