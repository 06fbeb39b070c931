import { InMemoryCampaignUploader, InMemoryContactRepository, InMemoryStore } from '@outbound/adapters-memory';
import { CreateContactAndCampaign } from '@outbound/domain';
import { aSpecExampleRequest } from '@outbound/port-contracts';
import { expect } from 'chai';
import { createHttpApp, serveHttpApp, type ServingHttpApp } from '../src/index.js';
import { servedDocument } from './openapi-conformance.js';

const specRequest = JSON.stringify(aSpecExampleRequest());

describe('the body of POST /createContactAndCampaign', function () {
  let store: InMemoryStore;
  let server: ServingHttpApp;

  beforeEach(async function () {
    store = new InMemoryStore();
    const useCase = new CreateContactAndCampaign(
      new InMemoryContactRepository(store),
      new InMemoryCampaignUploader(store),
      { brand: 'VoiceGenie' },
    );
    server = await serveHttpApp(createHttpApp(useCase), { port: 0, host: '127.0.0.1' });
  });
  afterEach(async function () {
    await server.close();
  });

  const post = (body: string, contentType: string) =>
    fetch(`${server.url}/createContactAndCampaign`, { method: 'POST', headers: { 'Content-Type': contentType }, body });

  describe('that is JSON but not an object', function () {
    const notAnObject = {
      status: 'failed',
      data: {
        message: 'body must be a JSON object',
        problems: [{ field: 'body', message: 'must be a JSON object' }],
        problemCount: 1,
      },
      message: 'invalid request!',
    };

    for (const body of ['null', ' null\n', '[]', '[1, 2]', '1', '-0.5e3', '"x"', 'true', 'false', '']) {
      it(`answers ${JSON.stringify(body)} 400, naming the body`, async function () {
        const response = await post(body, 'application/json');

        expect(response.status).to.equal(400);
        expect(await response.json()).to.deep.equal(notAnObject);
      });
    }

    it('still answers text that is not JSON as such', async function () {
      const response = await post('nul', 'application/json');

      expect(response.status).to.equal(400);
      expect(await response.json())
        .to.have.nested.property('data.problems[0].message')
        .that.matches(/^is not valid JSON: /);
    });
  });

  describe('media type', function () {
    it('is application/json alone in the document', function () {
      const post = servedDocument.paths['/createContactAndCampaign']?.post as {
        requestBody: { content: Record<string, unknown> };
      };

      expect(Object.keys(post.requestBody.content)).to.deep.equal(['application/json']);
    });

    for (const type of [
      'application/json',
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
      'Application/JSON',
    ]) {
      it(`reads ${type}`, async function () {
        expect((await post(specRequest, type)).status).to.equal(200);
      });
    }

    // Each names a meaning of its own (a patch, a JSON:API document, a report) that this route does not follow.
    for (const type of [
      'application/vnd.api+json',
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/csp-report',
      'application/reports+json',
      'application/scim+json',
      'text/json',
    ]) {
      it(`answers ${type} 415 in the envelope, storing nothing`, async function () {
        const response = await post(specRequest, type);

        expect(response.status).to.equal(415);
        expect(await response.json()).to.deep.equal({
          status: 'failed',
          data: { message: 'unsupported media type', contentType: type },
          message: 'request body must be JSON (Content-Type: application/json)!',
        });
        expect(store.contactLists.size).to.equal(0);
      });
    }
  });
});
