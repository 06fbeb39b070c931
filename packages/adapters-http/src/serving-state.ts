import type { RouterContext } from '@koa/router';
import type { CreateContactAndCampaignOutcome } from '@outbound/domain';
import type { Next, ParameterizedContext } from 'koa';

/** A request's context, whatever its state and router types: the key its serving state is kept by. */
type AnyContext = ParameterizedContext<unknown, unknown, unknown>;

/** What the adapter learns of a request while serving it, for its access line and metrics. */
export interface ServingState {
  readonly requestId: string;
  /** The route template that served the request, prefix included; unset while none has. */
  route?: string;
  /** The owner of the API key the request presented; unset without keys. */
  keyName?: string;
  /** Which of the owner's secrets it presented, by its fingerprint; unset without keys. */
  keyFingerprint?: string;
  /** What the key may do: `dialer` keys take and report calls only; unset for an owner's key or without keys. */
  keyRole?: 'dialer';
  /** What the use case concluded, for a request of the write route that reached it. */
  outcome?: CreateContactAndCampaignOutcome;
}

// Kept beside the context rather than in `ctx.state`, which Koa types as `any` and a host's own
// middleware shares: the adapter's fields are typed, and nobody else's can collide with them.
const states = new WeakMap<AnyContext, ServingState>();

/** Begins serving a request: its state, with its id, for every later part of the adapter. */
export function startServing(ctx: AnyContext, requestId: string): ServingState {
  const state: ServingState = { requestId };
  states.set(ctx, state);
  return state;
}

/** The state of the request `ctx` is serving; every part of the adapter runs after {@link startServing}. */
export function servingState(ctx: AnyContext): ServingState {
  const state = states.get(ctx);
  if (state === undefined) throw new Error('servingState read before startServing: the adapter is mounted wrongly');
  return state;
}

/** Names, for the access line and metrics, the route the router matched: its template, prefix included. */
export function nameRoute<StateT, ContextT>(ctx: RouterContext<StateT, ContextT>, next: Next): Promise<unknown> {
  if (ctx.routerPath !== undefined) servingState(ctx).route = ctx.routerPath;
  return next();
}
