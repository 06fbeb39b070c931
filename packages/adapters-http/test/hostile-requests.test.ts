import { InMemoryCampaignUploader, InMemoryContactRepository, InMemoryStore } from '@outbound/adapters-memory';
import { CreateContactAndCampaign } from '@outbound/domain';
import { aSpecExampleRequest } from '@outbound/port-contracts';
import { expect } from 'chai';
import { once } from 'node:events';
import { connect } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import { createHttpApp, serveHttpApp, type ServingHttpApp } from '../src/index.js';

const specRequest = JSON.stringify(aSpecExampleRequest());

interface Answer {
  readonly status: number;
  readonly body: { status: string; data: Record<string, unknown> & { message: string }; message: string };
  readonly text: string;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Answer['body'], text };
}

/** Sends bytes that are not necessarily HTTP and reads whatever comes back until the server closes. */
async function rawExchange(url: string, request: string): Promise<{ head: string; body: unknown }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  socket.write(request);
  await once(socket, 'close');
  const [head = '', body = ''] = received.split('\r\n\r\n');
  return { head, body: JSON.parse(body) };
}

describe('hostile requests over HTTP', function () {
  let store: InMemoryStore;
  let useCase: CreateContactAndCampaign;
  let server: ServingHttpApp;

  beforeEach(async function () {
    store = new InMemoryStore();
    useCase = new CreateContactAndCampaign(new InMemoryContactRepository(store), new InMemoryCampaignUploader(store), {
      brand: 'VoiceGenie',
    });
    server = await serveHttpApp(createHttpApp(useCase), { port: 0, host: '127.0.0.1' });
  });
  afterEach(async function () {
    await server.close();
  });

  const post = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/createContactAndCampaign`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body,
    });

  describe('a body that is not what its Content-Encoding says', function () {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      it(`answers 400 naming the body for ${encoding}, and stores nothing`, async function () {
        const { status, body } = await answer(await post(specRequest, { 'Content-Encoding': encoding }));

        expect(status).to.equal(400);
        expect(body).to.deep.equal({
          status: 'failed',
          data: {
            message: `body is not valid ${encoding} data, as its Content-Encoding says it is`,
            problems: [{ field: 'body', message: `is not valid ${encoding} data, as its Content-Encoding says it is` }],
            problemCount: 1,
          },
          message: 'invalid request!',
        });
        expect(store.contactLists.size).to.equal(0);
      });
    }

    it('reads a body that is what its Content-Encoding says', async function () {
      expect((await post(gzipSync(specRequest), { 'Content-Encoding': 'gzip' })).status).to.equal(200);
      await post(deflateSync(specRequest), { 'Content-Encoding': 'deflate' }).then(async (response) => {
        expect((await answer(response)).body.data['replayed']).to.equal(true);
      });
    });

    it('answers a truncated gzip body with 400', async function () {
      const truncated = gzipSync(specRequest).subarray(0, 20);

      expect((await post(truncated, { 'Content-Encoding': 'gzip' })).status).to.equal(400);
    });
  });

  describe('text that is not well-formed', function () {
    const withRow = (row: Record<string, unknown>) =>
      `{"identifierName":"lone","userData":[${JSON.stringify({ phone_number: '14155550100', ...row })}]}`;

    it('refuses a name holding half of a surrogate pair, naming the field', async function () {
      // JSON.stringify escapes a lone surrogate as \ud800, so the body itself is valid UTF-8.
      const { status, body } = await answer(await post(withRow({ name: '\ud800x' })));

      expect(status).to.equal(400);
      expect(body.data['problems']).to.deep.equal([
        {
          field: 'userData[0].name',
          message: 'must be well-formed Unicode text (it holds half of a surrogate pair on its own)',
        },
      ]);
      expect(store.contactLists.size).to.equal(0);
    });

    it('refuses a custom value or key holding one', async function () {
      const { body } = await answer(await post(withRow({ note: ['ok', 'x\udc00'], 'k\ud800': 1 })));

      expect((body.data['problems'] as { field: string }[]).map((problem) => problem.field)).to.deep.equal([
        'userData[0].note',
        // Quoted as JSON quotes it: the answer itself stays well-formed.
        'userData[0]["k\\ud800"]',
      ]);
    });

    it('counts a name of 256 emoji as 256 characters', async function () {
      expect((await post(withRow({ name: '🙂'.repeat(256) }))).status).to.equal(200);

      const { body } = await answer(await post(withRow({ name: '🙂'.repeat(257) })));
      expect(body.data['problems']).to.deep.equal([
        { field: 'userData[0].name', message: 'must be at most 256 characters' },
      ]);
    });

    for (const charset of ['latin1', 'iso-8859-1', 'utf-16', 'windows-1252']) {
      it(`answers 415 to charset=${charset}, naming it, before reading the body`, async function () {
        const { status, body } = await answer(
          await post(specRequest, { 'Content-Type': `application/json; charset=${charset}` }),
        );

        expect(status).to.equal(415);
        expect(body).to.deep.equal({
          status: 'failed',
          data: { message: 'unsupported charset', charset },
          message: 'request body must be JSON in UTF-8 (Content-Type: application/json; charset=utf-8)!',
        });
      });
    }

    it('reads charset=utf-8 and charset=UTF8', async function () {
      for (const charset of ['utf-8', 'UTF8']) {
        const response = await post(specRequest, { 'Content-Type': `application/json; charset=${charset}` });
        expect(response.status, charset).to.equal(200);
      }
    });
  });

  describe('what an answer quotes of a request', function () {
    const quotesAtMost = (text: string, sent: string) => {
      expect(text).not.to.include(sent.slice(0, 101));
      expect(text.length).to.be.below(1_000);
    };

    it('quotes at most 100 characters of a custom field name, marking the cut', async function () {
      const key = 'k'.repeat(1_000_000);
      const { status, body, text } = await answer(
        await post(`{"identifierName":"long_key","userData":[{"phone_number":"14155550100","${key}":1}]}`),
      );

      expect(status).to.equal(400);
      expect(body.data['problems']).to.deep.equal([
        {
          field: `userData[0]["${'k'.repeat(100)}…(+999900 more)"]`,
          message: 'is a custom field name longer than 128 characters',
        },
      ]);
      quotesAtMost(text, key);
    });

    it('quotes at most 100 characters of an unknown path or a content type', async function () {
      const path = `/${'p'.repeat(5_000)}`;
      const notFound = await answer(await fetch(`${server.url}${path}`));
      expect(notFound.status).to.equal(404);
      quotesAtMost(notFound.text, path);

      const type = `text/${'t'.repeat(3_000)}`;
      const unsupported = await answer(await post(specRequest, { 'Content-Type': type }));
      expect(unsupported.status).to.equal(415);
      expect(unsupported.body.data['contentType']).to.equal(`${type.slice(0, 100)}…(+${type.length - 100} more)`);
    });

    it('quotes at most 100 characters of malformed JSON', async function () {
      const junk = `{"identifierName": ${'x'.repeat(10_000)}}`;
      const { status, text } = await answer(await post(junk));

      expect(status).to.equal(400);
      quotesAtMost(text, 'x'.repeat(101));
    });
  });

  describe('what Node itself refuses, in the envelope', function () {
    it('answers OPTIONS with the allowed methods', async function () {
      const response = await fetch(`${server.url}/createContactAndCampaign`, { method: 'OPTIONS' });

      expect(response.headers.get('allow')).to.equal('POST');
      expect(await answer(response)).to.deep.include({
        status: 200,
        body: {
          status: 'success',
          data: { message: 'allowed methods', allow: 'POST' },
          message: 'POST allowed on /createContactAndCampaign.',
        },
      });
    });

    it('answers headers too large with 431', async function () {
      const { head, body } = await rawExchange(
        server.url,
        `POST /createContactAndCampaign HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
      );

      expect(head).to.match(/^HTTP\/1\.1 431 /);
      expect(head).to.match(/\r\nX-Request-Id: [0-9a-f-]{36}\r\n/);
      expect(body).to.deep.equal({
        status: 'failed',
        data: { message: 'request header fields too large' },
        message: 'request headers are too large!',
      });
    });

    it('answers a request that takes longer than the request timeout with 408', async function () {
      const patient = await serveHttpApp(createHttpApp(useCase), { port: 0, host: '127.0.0.1', requestTimeoutMs: 200 });
      try {
        // Headers sent, body promised, never sent.
        const { head, body } = await rawExchange(
          patient.url,
          'POST /createContactAndCampaign HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n',
        );

        expect(head).to.match(/^HTTP\/1\.1 408 /);
        expect(body).to.deep.equal({
          status: 'failed',
          data: { message: 'request timeout' },
          message: 'the request took too long to arrive!',
        });
      } finally {
        await patient.close();
      }
    });

    it('answers bytes that are not HTTP with 400', async function () {
      const { head, body } = await rawExchange(server.url, 'HELLO THERE\r\n\r\n');

      expect(head).to.match(/^HTTP\/1\.1 400 /);
      expect(body).to.deep.equal({
        status: 'failed',
        data: { message: 'bad request' },
        message: 'the request is not valid HTTP!',
      });
    });
  });
});
