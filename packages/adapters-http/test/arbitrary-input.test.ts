import { InMemoryCampaignUploader, InMemoryContactRepository, InMemoryStore } from '@outbound/adapters-memory';
import { CreateContactAndCampaign } from '@outbound/domain';
import { expect } from 'chai';
import fc from 'fast-check';
import { once } from 'node:events';
import { connect } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { createHttpApp, serveHttpApp, type ServingHttpApp } from '../src/index.js';

/** Every answer, whatever was sent: one of the expected statuses, in the envelope. */
async function expectEnvelope(response: Response, statuses: readonly number[]): Promise<void> {
  const text = await response.text();
  expect(statuses, text).to.include(response.status);
  const body = JSON.parse(text) as { status?: unknown; data?: { message?: unknown }; message?: unknown };
  expect(body.status).to.be.oneOf(['success', 'failed']);
  expect(body.data?.message).to.be.a('string');
  expect(body.message).to.be.a('string');
}

const phoneLike = fc.oneof(
  fc.stringMatching(/^\+?[1-9][0-9]{7,14}$/),
  fc.stringMatching(/^[+0-9 ().-]{0,20}$/),
  fc.string(),
  fc.integer(),
  fc.constant(null),
);

const rowLike = fc.oneof(
  fc
    .record(
      {
        phone_number: phoneLike,
        name: fc.oneof(fc.string({ maxLength: 300 }), fc.jsonValue()),
        custom: fc.dictionary(
          fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'phone_number')),
          fc.jsonValue({ maxDepth: 4 }),
        ),
      },
      { requiredKeys: [] },
    )
    .map(({ custom, ...row }) => ({ ...custom, ...row })),
  fc.jsonValue({ maxDepth: 2 }),
);

const requestLike = fc.record(
  {
    identifierName: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/), fc.string(), fc.jsonValue({ maxDepth: 1 })),
    userData: fc.oneof(fc.array(rowLike, { maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })),
    extra: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);

describe('arbitrary input to POST /createContactAndCampaign', function () {
  let server: ServingHttpApp;

  before(async function () {
    const store = new InMemoryStore();
    const useCase = new CreateContactAndCampaign(
      new InMemoryContactRepository(store),
      new InMemoryCampaignUploader(store),
      {
        brand: 'VoiceGenie',
        maxRows: 10,
      },
    );
    server = await serveHttpApp(createHttpApp(useCase, { bodyLimitBytes: 64 * 1024 }), { port: 0, host: '127.0.0.1' });
  });
  after(async function () {
    await server.close();
  });

  const post = (body: string | Uint8Array, contentType = 'application/json') =>
    fetch(`${server.url}/createContactAndCampaign`, { method: 'POST', headers: { 'Content-Type': contentType }, body });

  let servedChecks = 0;
  /** Whatever a test sent, the process goes on serving: a valid request still succeeds. */
  async function expectStillServing(): Promise<void> {
    const identifierName = `still_serving_${(servedChecks += 1)}`;
    const response = await post(JSON.stringify({ identifierName, userData: [{ phone_number: '14155550100' }] }));
    expect(response.status, await response.text()).to.equal(200);
  }

  it('answers any JSON value with 200 or a 4xx envelope', async function () {
    await fc.assert(
      fc.asyncProperty(fc.json({ maxDepth: 6 }), async (json) => {
        await expectEnvelope(await post(json), [200, 400, 409, 413]);
      }),
      { numRuns: 300 },
    );

    await expectStillServing();
  });

  it('answers any request-shaped value with 200 or a 4xx envelope', async function () {
    await fc.assert(
      fc.asyncProperty(requestLike, async (request) => {
        await expectEnvelope(await post(JSON.stringify(request)), [200, 400, 409, 413]);
      }),
      { numRuns: 500 },
    );

    await expectStillServing();
  });

  it('answers any bytes with a 4xx envelope', async function () {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => {
        await expectEnvelope(await post(bytes), [400, 409, 413]);
      }),
      { numRuns: 200 },
    );

    await expectStillServing();
  });

  it('answers any content type with an envelope', async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[a-z]{1,10}\/[a-z+.-]{1,20}(; ?charset=[a-z0-9-]{1,10})?$/),
        async (type) => {
          await expectEnvelope(await post('{"identifierName":"x","userData":[]}', type), [400, 415]);
        },
      ),
      { numRuns: 100 },
    );

    await expectStillServing();
  });

  it('answers any bytes under any content encoding, compressed or not, with 200 or a 4xx envelope', async function () {
    const compressions: Record<string, (bytes: Uint8Array) => Uint8Array> = {
      gzip: gzipSync,
      deflate: deflateSync,
      br: brotliCompressSync,
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'GZIP', 'x-gzip', 'compress', 'gzip, br'),
        fc.oneof(
          fc.uint8Array({ maxLength: 256 }),
          requestLike.map((request) => Buffer.from(JSON.stringify(request))),
        ),
        fc.boolean(),
        async (encoding, bytes, compress) => {
          const compression = compressions[encoding];
          const body = compress && compression !== undefined ? compression(bytes) : bytes;
          const response = await fetch(`${server.url}/createContactAndCampaign`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding },
            body,
          });
          await expectEnvelope(response, [200, 400, 409, 413, 415]);
        },
      ),
      { numRuns: 300 },
    );

    await expectStillServing();
  });

  it('answers any charset with 200 or a 4xx envelope', async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/),
          fc.constantFrom('utf-8', 'UTF8', 'latin1', 'utf-16le', ''),
        ),
        requestLike,
        async (charset, request) => {
          const response = await post(JSON.stringify(request), `application/json; charset=${charset}`);
          await expectEnvelope(response, [200, 400, 409, 413, 415]);
        },
      ),
      { numRuns: 200 },
    );

    await expectStillServing();
  });

  it('answers a nesting deeper than any stack with a 4xx envelope', async function () {
    const depth = 30_000;
    const deep = `{"identifierName":"deep","userData":[{"phone_number":"14155550100","x":${'['.repeat(depth)}${']'.repeat(depth)}}]}`;

    await expectEnvelope(await post(deep), [400]);

    await expectStillServing();
  });

  it('answers an unsupported content encoding with a 4xx envelope', async function () {
    const response = await fetch(`${server.url}/createContactAndCampaign`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'x-unknown' },
      body: '{}',
    });

    await expectEnvelope(response, [415]);

    await expectStillServing();
  });

  it('goes on serving after a client hangs up halfway through its body', async function () {
    const { hostname, port } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    await once(socket, 'connect');
    socket.end(
      'POST /createContactAndCampaign HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1000\r\n\r\n{"identifierName":',
    );
    await once(socket.resume(), 'close');

    await expectStillServing();
  });
});
