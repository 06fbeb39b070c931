import { InMemoryCampaignUploader, InMemoryContactRepository, InMemoryStore } from '@outbound/adapters-memory';
import { CreateContactAndCampaign } from '@outbound/domain';
import { aSpecExampleRequest } from '@outbound/port-contracts';
import { expect } from 'chai';
import Koa from 'koa';
import { createHttpMiddleware, serveHttpApp, type ServingHttpApp } from '../src/index.js';

describe('the HTTP adapter mounted in a host’s Koa app under /outbound', function () {
  let store: InMemoryStore;
  let host: ServingHttpApp;

  beforeEach(async function () {
    store = new InMemoryStore();
    const useCase = new CreateContactAndCampaign(
      new InMemoryContactRepository(store),
      new InMemoryCampaignUploader(store),
      { brand: 'Host' },
    );
    const app = new Koa();
    app.use(createHttpMiddleware(useCase, { prefix: '/outbound' }));
    app.use(async (ctx, next) => {
      if (ctx.path === '/hello') ctx.body = 'hello from the host';
      await next();
    });
    host = await serveHttpApp(app, { port: 0, host: '127.0.0.1' });
  });
  afterEach(async function () {
    await host.close();
  });

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${host.url}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: response.status, allow: response.headers.get('allow'), text: await response.text() };
  }

  it('creates a pair at the prefixed path, the spec’s double slash included', async function () {
    const first = await call('POST', '/outbound/createContactAndCampaign', aSpecExampleRequest());
    const again = await call('POST', '/outbound//createContactAndCampaign', aSpecExampleRequest());

    expect(first.status).to.equal(200);
    expect(JSON.parse(first.text)).to.deep.include({ status: 'success', message: 'Contact and campaign created.' });
    expect(JSON.parse(again.text)).to.have.nested.property('data.replayed', true);
    expect([...store.campaigns.values()].map(({ name }) => name)).to.deep.equal(['Host_campaign_quick_outreach_001']);
  });

  it('answers its probes under the prefix', async function () {
    expect((await call('GET', '/outbound/healthz')).status).to.equal(200);
    expect((await call('GET', '/outbound/readyz')).status).to.equal(200);
  });

  it('answers a wrong method or an unknown path under the prefix in the envelope', async function () {
    const wrongMethod = await call('GET', '/outbound/createContactAndCampaign');
    const unknown = await call('GET', '/outbound/nowhere');

    expect(wrongMethod).to.include({ status: 405, allow: 'POST' });
    expect(JSON.parse(wrongMethod.text)).to.deep.include({ status: 'failed' });
    expect(JSON.parse(unknown.text)).to.deep.equal({
      status: 'failed',
      data: { message: 'not found' },
      message: 'no route for GET /outbound/nowhere!',
    });
  });

  it('leaves every other path to the host', async function () {
    expect(await call('GET', '/hello')).to.include({ status: 200, text: 'hello from the host' });
    for (const path of ['/createContactAndCampaign', '/outboundx/createContactAndCampaign', '/healthz']) {
      expect(await call('POST', path, aSpecExampleRequest()), path).to.include({ status: 404, text: 'Not Found' });
    }
    expect(store.contactLists.size).to.equal(0);
  });

  for (const prefix of ['outbound', '/outbound/', '//outbound', '/']) {
    it(`refuses the prefix ${JSON.stringify(prefix)}`, function () {
      const useCase = { execute: () => Promise.reject(new Error('not called')) };

      expect(() => createHttpMiddleware(useCase, { prefix })).to.throw(RangeError, /prefix/);
    });
  }
});
