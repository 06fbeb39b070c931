// A host service built on the installed tarballs only: it embeds the use case over the SQL adapters
// on its own knex, and serves outbound's HTTP adapter under /outbound in its own Koa app (the
// example's `createHostApp`, copied in beside this file). It prints what it saw as one JSON line.
import { serveHttpApp } from '@outbound/adapters-http';
import { KnexCampaignUploader, KnexContactRepository, migrateToLatest } from '@outbound/adapters-sql';
import { CreateContactAndCampaign, type CreateContactAndCampaignOutcome } from '@outbound/domain';
import knex from 'knex';
import { createHostApp } from './create-host-app.js';

const database = knex({
  client: 'better-sqlite3',
  connection: { filename: process.argv[2] ?? 'host.sqlite' },
  useNullAsDefault: true,
  pool: { min: 1, max: 1 },
});

try {
  await migrateToLatest(database);
  const createContactAndCampaign = new CreateContactAndCampaign(
    new KnexContactRepository(database),
    new KnexCampaignUploader(database),
    { brand: 'Embedded' },
  );
  const embedded: CreateContactAndCampaignOutcome = await createContactAndCampaign.execute({
    identifierName: 'from_code',
    userData: [{ phone_number: '+44 20 7946 0018', name: 'Ada', plan: 'gold' }],
  });
  const stored = await new KnexCampaignUploader(database).findByName({
    createdBy: null,
    name: 'Embedded_campaign_from_code',
  });

  const host = await serveHttpApp(await createHostApp(database), { port: 0, host: '127.0.0.1' });
  try {
    const own = await fetch(`${host.url}/`);
    const mounted = await fetch(`${host.url}/outbound/createContactAndCampaign`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ identifierName: 'over_http', userData: [{ phone_number: '919876543210' }] }),
    });
    console.log(
      JSON.stringify({
        embedded: embedded.code,
        storedRows: stored?.rows ?? null,
        ownRoute: { status: own.status, body: await own.json() },
        mounted: { status: mounted.status, body: await mounted.json() },
      }),
    );
  } finally {
    await host.close();
  }
} finally {
  await database.destroy();
}
