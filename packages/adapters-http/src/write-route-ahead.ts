import type { Context, Middleware, Next } from 'koa';
import { servingState } from './serving-state.js';
import type { RouteHandler } from './write-route.js';

/**
 * Serves `POST` to the write route's exact path ahead of the router, with the very handler the
 * router holds for it. Nearly every request takes this path, and matching it against every route
 * and composing the matched layers is a share of a small request's own time worth sparing
 * (docs/benchmarks.md has the figure). The router keeps the route for everything else: its
 * variants (a trailing slash, another case), OPTIONS and 405; so an answer is the same whichever
 * of the two served it, which a test holds.
 */
export function writeRouteAhead(path: string, serve: RouteHandler): Middleware {
  return function writeRouteAhead(ctx: Context, next: Next): Promise<void> {
    if (ctx.method !== 'POST' || ctx.path !== path) return next();
    servingState(ctx).route = path;
    return serve(ctx);
  };
}
