import { InMemoryCampaignUploader, InMemoryContactRepository, InMemoryStore } from '@outbound/adapters-memory';
import { CreateContactAndCampaign, type CampaignUploader, type ContactRepository, type Logger } from '@outbound/domain';
import { aSpecExampleRequest } from '@outbound/port-contracts';
import { expect } from 'chai';
import sinon from 'sinon';
import { createHttpApp, serveHttpApp, type HttpAppOptions, type ServingHttpApp } from '../src/index.js';

const specRequest = aSpecExampleRequest();

const successBody = {
  status: 'success',
  data: {
    message: 'Done',
    contactListName: 'VoiceGenie_contact_quick_outreach_001',
    campaignName: 'VoiceGenie_campaign_quick_outreach_001',
    rowsStored: 2,
    duplicatesSkipped: 0,
    replayed: false,
  },
  message: 'Contact and campaign created.',
};

describe('POST /createContactAndCampaign over HTTP', function () {
  let store: InMemoryStore;
  let contacts: ContactRepository;
  let campaigns: CampaignUploader;
  let logger: { [level in keyof Logger]: sinon.SinonSpy };
  let server: ServingHttpApp;

  async function serve(options: HttpAppOptions = {}, useCase?: Pick<CreateContactAndCampaign, 'execute'>) {
    const app = createHttpApp(
      useCase ?? new CreateContactAndCampaign(contacts, campaigns, { brand: 'VoiceGenie', maxRows: 100_000 }),
      { logger, ...options },
    );
    server = await serveHttpApp(app, { port: 0, host: '127.0.0.1' });
  }

  function post(
    body: string,
    headers: Record<string, string> = { 'Content-Type': 'application/json' },
    path = '/createContactAndCampaign',
  ) {
    return fetch(`${server.url}${path}`, { method: 'POST', headers, body });
  }

  async function answer(response: Response) {
    return { status: response.status, body: await response.json() };
  }

  beforeEach(async function () {
    store = new InMemoryStore();
    contacts = new InMemoryContactRepository(store);
    campaigns = new InMemoryCampaignUploader(store);
    logger = { info: sinon.spy(), warn: sinon.spy(), error: sinon.spy() };
    await serve();
  });
  afterEach(async function () {
    await server.close();
  });

  describe('200', function () {
    it("answers the spec's success body, with the details inside data", async function () {
      const response = await post(JSON.stringify(specRequest));

      expect(await answer(response)).to.deep.equal({ status: 200, body: successBody });
      expect(response.headers.get('content-type')).to.match(/^application\/json/);
      expect(response.headers.has('idempotent-replayed')).to.equal(false);
      expect([...store.contactLists.values(), ...store.campaigns.values()].map(({ name }) => name)).to.deep.equal([
        'VoiceGenie_contact_quick_outreach_001',
        'VoiceGenie_campaign_quick_outreach_001',
      ]);
    });

    it('answers a replay with success, replayed in data, and the Idempotent-Replayed header', async function () {
      await post(JSON.stringify(specRequest));

      const response = await post(JSON.stringify(specRequest));

      expect(await answer(response)).to.deep.equal({
        status: 200,
        body: { ...successBody, data: { ...successBody.data, replayed: true } },
      });
      expect(response.headers.get('idempotent-replayed')).to.equal('true');
    });

    it("serves the spec examples' double-slash path", async function () {
      const response = await post(JSON.stringify(specRequest), undefined, '//createContactAndCampaign');

      expect(await answer(response)).to.deep.equal({ status: 200, body: successBody });
    });

    it('accepts a 100,000-row request with custom fields under the default limits', async function () {
      const userData = Array.from({ length: 100_000 }, (_, index) => ({
        phone_number: `+1 415 ${String(1_000_000 + index)}`,
        name: `Person ${index}`,
        email: `person${index}@example.com`,
        company: 'Acme Corp',
        age: index % 90,
      }));

      const response = await post(JSON.stringify({ identifierName: 'big_list', userData }));

      expect(await answer(response)).to.deep.include({ status: 200 });
      expect(store.campaigns.get({ createdBy: null, name: 'VoiceGenie_campaign_big_list' })?.rows).to.have.length(
        100_000,
      );
    });
  });

  describe('400', function () {
    it('lists every problem with its field, and stores nothing', async function () {
      const response = await post(
        JSON.stringify({ identifierName: 'a b', userData: [{ phone_number: 919876543210 }, { name: 'x' }] }),
      );

      expect(await answer(response)).to.deep.equal({
        status: 400,
        body: {
          status: 'failed',
          data: {
            message: 'identifierName must be 1 to 64 characters from A-Z a-z 0-9 _ . -',
            problems: [
              { field: 'identifierName', message: 'must be 1 to 64 characters from A-Z a-z 0-9 _ . -' },
              { field: 'userData[0].phone_number', message: 'must be a string holding a phone number' },
              { field: 'userData[1].phone_number', message: 'is required' },
            ],
            problemCount: 3,
          },
          message: 'invalid request!',
        },
      });
      expect(store.contactLists.size + store.campaigns.size).to.equal(0);
    });

    it('refuses malformed JSON with the parser’s reason', async function () {
      const { status, body } = await answer(await post('{"identifierName": "x",'));

      expect(status).to.equal(400);
      expect(body).to.deep.include({ status: 'failed', message: 'invalid request!' });
      expect(body).to.have.nested.property('data.problems[0].field', 'body');
      expect(body)
        .to.have.nested.property('data.problems[0].message')
        .that.matches(/^is not valid JSON: /);
    });

    it('refuses a JSON body that is not an object', async function () {
      expect(await answer(await post('"just a string"'))).to.have.nested.property('status', 400);
      expect(await answer(await post('[1, 2]'))).to.have.nested.property('body.data.problems[0].field', 'body');
    });

    it('refuses a __proto__ key anywhere in the body', async function () {
      const body = '{"identifierName":"x","userData":[{"phone_number":"919876543210","__proto__":{"admin":true}}]}';

      expect(await answer(await post(body))).to.deep.include({
        status: 400,
        body: {
          status: 'failed',
          data: {
            message: 'body must not contain the key __proto__',
            problems: [{ field: 'body', message: 'must not contain the key __proto__' }],
            problemCount: 1,
          },
          message: 'invalid request!',
        },
      });
    });
  });

  it('409: answers a name conflict naming identifierName, and keeps the stored rows', async function () {
    await post(JSON.stringify(specRequest));

    const response = await post(JSON.stringify({ ...specRequest, userData: [{ phone_number: '14155550100' }] }));

    expect(await answer(response)).to.deep.equal({
      status: 409,
      body: {
        status: 'failed',
        data: {
          message: 'name already taken',
          problems: [
            {
              field: 'identifierName',
              message: 'is already used with other rows (VoiceGenie_contact_quick_outreach_001)',
            },
          ],
          problemCount: 1,
          conflictingName: 'VoiceGenie_contact_quick_outreach_001',
          contactListName: 'VoiceGenie_contact_quick_outreach_001',
          campaignName: 'VoiceGenie_campaign_quick_outreach_001',
        },
        message: 'identifierName is already used with other rows!',
      },
    });
    expect(
      store.contactLists.get({ createdBy: null, name: 'VoiceGenie_contact_quick_outreach_001' })?.rows,
    ).to.have.length(2);
  });

  it('413: refuses a body over the limit without storing anything', async function () {
    await server.close();
    await serve({ bodyLimitBytes: 1_000 });
    const userData = Array.from({ length: 40 }, (_, index) => ({ phone_number: `14155550${100 + index}` }));

    const response = await post(JSON.stringify({ identifierName: 'too_big', userData }));

    expect(await answer(response)).to.deep.equal({
      status: 413,
      body: {
        status: 'failed',
        data: { message: 'request body too large', limitBytes: 1_000 },
        message: 'request body is larger than 1000 bytes!',
      },
    });
    expect(store.contactLists.size).to.equal(0);
  });

  describe('415', function () {
    for (const [what, headers] of [
      ['a text body', { 'Content-Type': 'text/plain' }],
      ['a form body', { 'Content-Type': 'application/x-www-form-urlencoded' }],
      ['a body without a content type', {}],
    ] as const) {
      it(`refuses ${what}`, async function () {
        const { status, body } = await answer(
          await fetch(`${server.url}/createContactAndCampaign`, {
            method: 'POST',
            headers,
            body: new Blob([JSON.stringify(specRequest)]),
          }),
        );

        expect(status).to.equal(415);
        expect(body).to.deep.include({
          status: 'failed',
          message: 'request body must be JSON (Content-Type: application/json)!',
        });
        expect(store.contactLists.size).to.equal(0);
      });
    }
  });

  it('404: answers an unknown route in the envelope', async function () {
    expect(await answer(await fetch(`${server.url}/nowhere`))).to.deep.equal({
      status: 404,
      body: { status: 'failed', data: { message: 'not found' }, message: 'no route for GET /nowhere!' },
    });
  });

  it('405: answers a wrong method in the envelope, with Allow', async function () {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'PURGE', 'PROPFIND']) {
      const response = await fetch(`${server.url}/createContactAndCampaign`, { method });

      expect(await answer(response), method).to.deep.equal({
        status: 405,
        body: {
          status: 'failed',
          data: { message: 'method not allowed' },
          message: `${method} is not allowed on /createContactAndCampaign; use POST!`,
        },
      });
      expect(response.headers.get('allow')).to.equal('POST');
    }
  });

  describe('500', function () {
    it("answers the spec's contact failure body, exactly, and never attempts the campaign", async function () {
      sinon.stub(contacts, 'create').rejects(new Error('connect ECONNREFUSED 10.0.0.1:3306 secret-host'));
      const upload = sinon.spy(campaigns, 'upload');

      const response = await post(JSON.stringify(specRequest));

      expect(await answer(response)).to.deep.equal({
        status: 500,
        body: { status: 'failed', data: { message: 'create contact failed' }, message: 'contact creation failed!' },
      });
      expect(upload.called).to.equal(false);
    });

    it("answers the spec's campaign failure body, exactly, and leaves nothing behind", async function () {
      sinon.stub(campaigns, 'upload').rejects(new Error('dialer down'));

      const response = await post(JSON.stringify(specRequest));

      expect(await answer(response)).to.deep.equal({
        status: 500,
        body: { status: 'failed', data: { message: 'create campaign failed' }, message: 'campaign creation failed!' },
      });
      expect(store.contactLists.size + store.campaigns.size).to.equal(0);
    });

    it('keeps a bug’s details from the client and logs them', async function () {
      await server.close();
      const bug = new TypeError('cannot read properties of undefined (secret internals)');
      await serve({}, { execute: () => Promise.reject(bug) });

      const response = await post(JSON.stringify(specRequest));

      const text = await response.text();
      expect(response.status).to.equal(500);
      expect(JSON.parse(text)).to.deep.equal({
        status: 'failed',
        data: { message: 'internal error' },
        message: 'internal error!',
      });
      expect(text).not.to.include('secret');
      expect(logger.error.calledWithMatch(/unexpectedly/, { error: bug })).to.equal(true);
    });
  });
});
