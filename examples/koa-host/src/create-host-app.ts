// How a service with its own Koa app and its own database serves outbound beside its routes.
import { createHttpMiddleware } from '@outbound/adapters-http';
import { KnexCampaignUploader, KnexContactRepository, migrateToLatest, pingDatabase } from '@outbound/adapters-sql';
import { CreateContactAndCampaign } from '@outbound/domain';
import type { Knex } from 'knex';
import Koa from 'koa';

/**
 * The host's app: its own routes, and outbound's API under `/outbound`
 * (`POST /outbound/createContactAndCampaign`, `GET /outbound/healthz`, `GET /outbound/readyz`),
 * keeping lists and campaigns in the host's own database through the host's own knex.
 */
export async function createHostApp(database: Knex): Promise<Koa> {
  // outbound's tables live beside the host's; its migrations keep a table of their own.
  await migrateToLatest(database);
  const createContactAndCampaign = new CreateContactAndCampaign(
    new KnexContactRepository(database),
    new KnexCampaignUploader(database),
    { brand: 'Acme' },
  );

  const app = new Koa();
  // Before any body parser of the host's, so outbound's own body limit and answers apply.
  app.use(createHttpMiddleware(createContactAndCampaign, { prefix: '/outbound', ready: () => pingDatabase(database) }));
  app.use(async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === '/') ctx.body = { service: 'acme-crm', outbound: '/outbound' };
    await next();
  });
  return app;
}
