import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';
import { createHttpApp, openApiDocument, serveHttpApp, type ServingHttpApp } from '../src/index.js';
import { conformanceProblem, schemaProblemAt, servedDocument } from './openapi-conformance.js';

const useCase = { execute: () => Promise.reject(new Error('not called')) };

interface Documented {
  readonly content?: Record<string, { readonly schema: object; readonly example?: unknown }>;
}

/** Each example in the document, with the JSON pointer (as tokens) of the schema it is an example of. */
function* everyExample(document: typeof servedDocument) {
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const { requestBody, responses } = operation as {
        requestBody?: Documented;
        responses: Record<string, Documented>;
      };
      const at = ['paths', path, method];
      const media = [
        ...Object.entries(requestBody?.content ?? {}).map(
          ([type, content]) => [[...at, 'requestBody', 'content', type], content] as const,
        ),
        ...Object.entries(responses).flatMap(([status, response]) =>
          Object.entries(response.content ?? {}).map(
            ([type, content]) => [[...at, 'responses', status, 'content', type], content] as const,
          ),
        ),
      ];
      for (const [where, { example }] of media) {
        if (example !== undefined) yield { where: [...where, 'schema'], example };
      }
    }
  }
  for (const [name, response] of Object.entries(document.components['responses'] as Record<string, Documented>)) {
    for (const [type, { example }] of Object.entries(response.content ?? {})) {
      if (example !== undefined) yield { where: ['components', 'responses', name, 'content', type, 'schema'], example };
    }
  }
}

describe('the OpenAPI document', function () {
  it('is valid OpenAPI 3.1, with every route on and with each left out', async function () {
    for (const options of [
      { bodyLimitBytes: 1_000, reads: true, metrics: true },
      { bodyLimitBytes: 1_000, reads: false, metrics: false, prefix: '/outbound' },
    ]) {
      const validator = new Validator();
      expect(await validator.validate(openApiDocument(options)), JSON.stringify(options)).to.deep.equal({
        valid: true,
      });
      expect(validator.version).to.equal('3.1');
    }
  });

  it('holds examples that its own schemas accept, the spec example request among them', async function () {
    const examples = [...everyExample(servedDocument)];

    expect(examples.length).to.be.greaterThan(20);
    for (const { where, example } of examples) {
      expect(await schemaProblemAt(where, example), where.join(' ')).to.equal(null);
    }
    const post = servedDocument.paths['/createContactAndCampaign']?.post as { requestBody: Documented };
    expect(post.requestBody.content?.['application/json']?.example).to.deep.include({
      identifierName: 'quick_outreach_001',
    });
  });

  it('describes the limits it is given: rows per request and body size', function () {
    const document = openApiDocument({ bodyLimitBytes: 4_096, limits: { maxRows: 50 } });
    const post = document.paths['/createContactAndCampaign']?.post as {
      requestBody: { content: Record<string, { schema: { properties: { userData: { maxItems: number } } } }> };
      responses: Record<string, { description: string }>;
    };

    expect(post.requestBody.content['application/json']?.schema.properties.userData.maxItems).to.equal(50);
    expect(post.responses['413']?.description).to.equal('The body is larger than 4096 bytes.');
  });

  describe("a row's custom fields", function () {
    const rowSchemaAt = {
      request: [
        'paths',
        '/createContactAndCampaign',
        'post',
        'requestBody',
        'content',
        'application/json',
        'schema',
        'properties',
        'userData',
        'items',
      ],
      ...Object.fromEntries(
        ['/contactLists/{name}/contacts', '/campaigns/{name}/contacts'].map((path) => [
          path,
          [
            'paths',
            path,
            'get',
            'responses',
            '200',
            'content',
            'application/json',
            'schema',
            'properties',
            'data',
            'properties',
            'contacts',
            'items',
          ],
        ]),
      ),
    };
    const at = (tokens: readonly string[]): unknown =>
      tokens.reduce<unknown>((found, token) => (found as Record<string, unknown> | undefined)?.[token], servedDocument);

    it('are open to any JSON value, said with additionalProperties, in the request and in the answers', async function () {
      for (const [where, tokens] of Object.entries(rowSchemaAt)) {
        expect(at([...tokens, 'additionalProperties']), where).to.deep.equal({
          $ref: '#/components/schemas/JsonValue',
        });
      }
      const row = {
        phone_number: '+919876543210',
        name: null,
        vip: true,
        email: 'a@example.com',
        score: 1.5,
        tags: ['a', 1, null],
        plan: { tier: { level: [2] } },
      };
      expect(await schemaProblemAt([...rowSchemaAt.request], row)).to.equal(null);
      expect(await schemaProblemAt(['components', 'schemas', 'JsonValue'], { deep: [{ deeper: [true] }] })).to.equal(
        null,
      );
    });

    it("are described with the server's limits on them", function () {
      const document = openApiDocument({
        bodyLimitBytes: 1_000,
        limits: { maxCustomFields: 7, maxFieldKeyLength: 9, maxRowBytes: 999 },
      });
      const { description } = (
        document.paths['/createContactAndCampaign']?.post as {
          requestBody: {
            content: Record<string, { schema: { properties: { userData: { items: { description: string } } } } }>;
          };
        }
      ).requestBody.content['application/json']?.schema.properties.userData.items ?? { description: '' };

      expect(description)
        .to.include('at most 7 of them')
        .and.include('names of at most 9 characters')
        .and.include('999 bytes as JSON');
    });
  });

  describe('the check every test answer goes through', function () {
    const answer = (
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
      path = '/createContactAndCampaign',
    ) => ({
      method: 'POST',
      url: `http://127.0.0.1:1${path}`,
      status,
      headers: new Headers({ 'content-type': 'application/json', 'x-request-id': 'r', ...headers }),
      body: JSON.stringify(body),
    });
    const busy = { status: 'failed', data: { message: 'server busy', retryAfterSeconds: 2 }, message: 'busy!' };

    it('accepts an answer the document describes', async function () {
      expect(await conformanceProblem(answer(503, busy, { 'retry-after': '2' }))).to.equal(null);
    });

    it('refuses a body, a missing header or a status the document does not describe', async function () {
      expect(
        await conformanceProblem(answer(503, { ...busy, data: { message: 'server busy' } }, { 'retry-after': '2' })),
      ).to.match(/body\/data fails required \(#\/paths\/~1createContactAndCampaign\/post\/responses\/503\//);
      expect(await conformanceProblem(answer(503, busy))).to.match(/header Retry-After is missing/);
      expect(await conformanceProblem(answer(418, busy))).to.match(/status 418 is not documented/);
      expect(await conformanceProblem(answer(404, { status: 'failed', message: 'x' }, {}, '/nowhere'))).to.match(
        /body fails required \(#\/components\/responses\/RouteNotFound\//,
      );
    });
  });

  describe('served', function () {
    let server: ServingHttpApp;
    afterEach(async function () {
      await server.close();
    });

    it('at GET /openapi.json, as built for the server it describes', async function () {
      server = await serveHttpApp(
        createHttpApp(useCase, { bodyLimitBytes: 2_048, apiKeys: [{ name: 'crm', secret: 'crm-secret-0123456789' }] }),
        {
          port: 0,
          host: '127.0.0.1',
        },
      );

      const response = await fetch(`${server.url}/openapi.json`);

      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal(
        openApiDocument({ bodyLimitBytes: 2_048, reads: false, metrics: false, prefix: '' }),
      );
    });

    it('at GET /docs, a page whose every file comes from this server', async function () {
      server = await serveHttpApp(createHttpApp(useCase), { port: 0, host: '127.0.0.1' });

      const page = await fetch(`${server.url}/docs`);
      const html = await page.text();

      expect(page.headers.get('content-type')).to.equal('text/html; charset=utf-8');
      const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] as string);
      expect(sources).to.have.length(6);
      for (const source of sources) {
        expect(source).to.match(/^\/docs\//);
        const asset = await fetch(`${server.url}${source}`);
        expect(asset.status, source).to.equal(200);
        expect((await asset.arrayBuffer()).byteLength, source).to.be.greaterThan(0);
      }
      const initializer = await (await fetch(`${server.url}/docs/swagger-initializer.js`)).text();
      expect(initializer).to.include('fetch("/openapi.json")').and.include('"validatorUrl":null');
      expect((await fetch(`${server.url}/docs/package.json`)).status).to.equal(404);
      expect((await fetch(`${server.url}/docs/..%2Fpackage.json`)).status).to.equal(404);
    });
  });
});
