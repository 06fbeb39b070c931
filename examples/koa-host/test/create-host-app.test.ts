import { serveHttpApp, type ServingHttpApp } from '@outbound/adapters-http';
import { KnexCampaignUploader } from '@outbound/adapters-sql';
import { expect } from 'chai';
import knex, { type Knex } from 'knex';
import { createHostApp } from '../src/create-host-app.js';

describe('the Koa host example', function () {
  let database: Knex;
  let host: ServingHttpApp;

  before(async function () {
    database = knex({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
      pool: { min: 1, max: 1 },
    });
    host = await serveHttpApp(await createHostApp(database), { port: 0, host: '127.0.0.1' });
  });
  after(async function () {
    await host.close();
    await database.destroy();
  });

  it('serves its own route beside outbound', async function () {
    const response = await fetch(`${host.url}/`);

    expect(await response.json()).to.deep.equal({ service: 'acme-crm', outbound: '/outbound' });
  });

  it('creates a pair under /outbound in the host’s own database', async function () {
    const response = await fetch(`${host.url}/outbound/createContactAndCampaign`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        identifierName: 'renewals',
        userData: [{ phone_number: '+44 20 7946 0018', plan: 'gold' }],
      }),
    });

    expect(response.status).to.equal(200);
    const campaign = await new KnexCampaignUploader(database).findByName({
      createdBy: null,
      name: 'Acme_campaign_renewals',
    });
    expect(campaign?.rows).to.deep.equal([
      { phoneNumber: '+442079460018', name: null, otherDetails: { plan: 'gold' } },
    ]);
  });

  it('reports outbound ready while the host’s database answers', async function () {
    expect((await fetch(`${host.url}/outbound/readyz`)).status).to.equal(200);
  });
});
