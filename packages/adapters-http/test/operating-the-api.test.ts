import { InMemoryCampaignUploader, InMemoryContactRepository, InMemoryStore } from '@outbound/adapters-memory';
import { CreateContactAndCampaign, type Logger } from '@outbound/domain';
import { aSpecExampleRequest } from '@outbound/port-contracts';
import { expect } from 'chai';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Registry } from 'prom-client';
import sinon from 'sinon';
import {
  createHttpApp,
  currentRequestLogFields,
  serveHttpApp,
  type CreateContactAndCampaignPort,
  type HttpAppOptions,
  type RequestLogFields,
  type ServingHttpApp,
} from '../src/index.js';

const SECRET = 'crm-secret-0123456789';
const OTHER_SECRET = 'ops-secret-9876543210';
const keys = [
  { name: 'crm', secret: SECRET },
  { name: 'ops', secret: OTHER_SECRET },
];
const body = JSON.stringify(aSpecExampleRequest());
const unauthorized = {
  status: 'failed',
  data: { message: 'missing or invalid API key' },
  message: 'unauthorized!',
};

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

describe('operating the API: keys, request ids, access lines, limits, metrics, stopping', function () {
  let server: ServingHttpApp | undefined;
  let logger: { [level in keyof Logger]: sinon.SinonSpy };

  beforeEach(function () {
    logger = { info: sinon.spy(), warn: sinon.spy(), error: sinon.spy() };
  });
  afterEach(async function () {
    await server?.close();
    server = undefined;
  });

  function aUseCase(): CreateContactAndCampaign {
    const store = new InMemoryStore();
    return new CreateContactAndCampaign(new InMemoryContactRepository(store), new InMemoryCampaignUploader(store), {
      brand: 'VoiceGenie',
    });
  }

  async function serve(options: HttpAppOptions, useCase: CreateContactAndCampaignPort = aUseCase()) {
    server = await serveHttpApp(createHttpApp(useCase, { logger, ...options }), { port: 0, host: '127.0.0.1' });
    return server;
  }

  async function send(path: string, init: RequestInit = {}): Promise<Answer> {
    if (server === undefined) throw new Error('no server');
    const response = await fetch(`${server.url}${path}`, init);
    const text = await response.text();
    const type = response.headers.get('Content-Type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: type.includes('json') ? JSON.parse(text) : text,
    };
  }

  function postSpec(headers: Record<string, string> = {}, payload = body): Promise<Answer> {
    return send('/createContactAndCampaign', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: payload,
    });
  }

  function accessLines(): Record<string, unknown>[] {
    return logger.info
      .getCalls()
      .filter((call) => call.args[0] === 'request')
      .map((call) => call.args[1] as Record<string, unknown>);
  }

  describe('API keys', function () {
    it('answers 401 with WWW-Authenticate and the envelope to a missing or wrong key, writing nothing', async function () {
      const useCase = { execute: sinon.spy(aUseCase(), 'execute') };
      await serve({ apiKeys: keys }, useCase);

      const wrongKeys: Record<string, string>[] = [
        {},
        { 'x-api-key': `${SECRET}x` },
        { Authorization: `Bearer ${SECRET.slice(0, -1)}` },
        { Authorization: SECRET },
      ];
      for (const headers of wrongKeys) {
        const answer = await postSpec(headers);

        expect(answer.status, JSON.stringify(headers)).to.equal(401);
        expect(answer.headers.get('WWW-Authenticate')).to.equal('Bearer');
        expect(answer.body).to.deep.equal(unauthorized);
      }
      expect(useCase.execute.called).to.equal(false);
    });

    it('serves a key from x-api-key or a Bearer token, and hands the key name, never the secret, to the use case', async function () {
      const useCase = aUseCase();
      const execute = sinon.spy(useCase, 'execute');
      await serve({ apiKeys: keys }, useCase);

      expect((await postSpec({ 'x-api-key': SECRET })).status).to.equal(200);
      const byAnother = await postSpec({ Authorization: `Bearer ${OTHER_SECRET}` });

      // The other key's names are its own: the same request creates its own pair.
      expect(byAnother.status).to.equal(200);
      expect(byAnother.headers.get('Idempotent-Replayed')).to.equal(null);
      expect(execute.firstCall.args[1]).to.deep.include({ createdBy: 'crm' });
      expect(execute.secondCall.args[1]).to.deep.include({ createdBy: 'ops' });
      expect(JSON.stringify(execute.args)).not.to.include(SECRET).and.not.to.include(OTHER_SECRET);
      expect(accessLines().map((line) => line['key'])).to.deep.equal(['crm', 'ops']);
      expect(JSON.stringify(logger.info.args)).not.to.include(SECRET);
    });

    it('needs no key for the probes and the metrics, and one for every other path, unknown ones included', async function () {
      await serve({ apiKeys: keys, metrics: new Registry() });

      expect((await send('/healthz')).status).to.equal(200);
      expect((await send('/readyz')).status).to.equal(200);
      expect((await send('/metrics')).status).to.equal(200);
      expect((await send('/contactLists/anything')).status).to.equal(401);
      expect((await send('/contactLists/anything', { headers: { 'x-api-key': SECRET } })).status).to.equal(404);
    });

    it('answers a 200 MB body without a key at once, without reading it, and closes the connection', async function () {
      const { url } = await serve({ apiKeys: keys });
      const { port } = new URL(url);

      const answer = await new Promise<{
        status: number | undefined;
        connection: string | undefined;
        sentBytes: number;
      }>((resolve, reject) => {
        let sentBytes = 0;
        const outgoing = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/createContactAndCampaign',
          headers: { 'Content-Type': 'application/json', 'Content-Length': String(200 * 1024 * 1024) },
        });
        outgoing.on('response', (response) => {
          resolve({ status: response.statusCode, connection: response.headers.connection, sentBytes });
          response.resume();
          outgoing.destroy();
        });
        outgoing.on('error', reject);
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        sentBytes += chunk.length;
        outgoing.write(chunk);
      });

      expect(answer).to.deep.equal({ status: 401, connection: 'close', sentBytes: 64 * 1024 });
    });
  });

  describe('request ids', function () {
    it('repeats a well-formed X-Request-Id and makes one otherwise, on every answer and its access line', async function () {
      await serve({ apiKeys: keys });

      const given = await send('/healthz', { headers: { 'X-Request-Id': 'lb-1234.abc_DEF-9' } });
      const tooLong = await send('/healthz', { headers: { 'X-Request-Id': 'x'.repeat(129) } });
      const unsafe = await send('/healthz', { headers: { 'X-Request-Id': 'a b' } });
      const refused = await postSpec();

      expect(given.headers.get('X-Request-Id')).to.equal('lb-1234.abc_DEF-9');
      for (const answer of [tooLong, unsafe, refused]) {
        expect(answer.headers.get('X-Request-Id')).to.match(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
      }
      expect(accessLines().map((line) => line['requestId'])).to.deep.equal(
        [given, tooLong, unsafe, refused].map((answer) => answer.headers.get('X-Request-Id')),
      );
    });

    it('is told to the use case, and known to whatever the request calls when the host asks for it', async function () {
      const seen: (RequestLogFields | undefined)[] = [];
      const told: (string | undefined)[] = [];
      const useCase = aUseCase();
      await serve(
        { requestContext: true },
        {
          execute: async (request: unknown, caller) => {
            await new Promise((resolve) => setImmediate(resolve));
            seen.push(currentRequestLogFields());
            told.push(caller?.requestId);
            return useCase.execute(request);
          },
        },
      );

      const answer = await postSpec({ 'X-Request-Id': 'trace-42' });

      expect(answer.status).to.equal(200);
      expect(seen).to.deep.equal([{ requestId: 'trace-42' }]);
      expect(told).to.deep.equal(['trace-42']);
      expect(currentRequestLogFields()).to.equal(undefined);
    });

    it('is known only to the use case unless the host asks for it', async function () {
      const seen: (RequestLogFields | undefined)[] = [];
      const told: (string | undefined)[] = [];
      const useCase = aUseCase();
      await serve(
        {},
        {
          execute: async (request: unknown, caller) => {
            seen.push(currentRequestLogFields());
            told.push(caller?.requestId);
            return useCase.execute(request);
          },
        },
      );

      expect((await postSpec({ 'X-Request-Id': 'trace-43' })).status).to.equal(200);
      expect(seen).to.deep.equal([undefined]);
      expect(told).to.deep.equal(['trace-43']);
    });
  });

  describe('access lines', function () {
    it('writes one per request at its end, with route, status, duration, bytes, key and outcome, and no row', async function () {
      await serve({ apiKeys: keys });
      const request = {
        identifierName: 'logged',
        userData: [{ phone_number: '+919812340001', name: 'Asha Secretname' }, { phone_number: '+91 98123-40001' }],
      };

      await postSpec({ 'x-api-key': SECRET, 'X-Request-Id': 'r-1' }, JSON.stringify(request));
      await send('/no/such/path', { headers: { 'x-api-key': SECRET, 'X-Request-Id': 'r-2' } });

      const [created, unknown] = accessLines();
      expect(created).to.deep.include({
        requestId: 'r-1',
        method: 'POST',
        route: '/createContactAndCampaign',
        path: '/createContactAndCampaign',
        status: 200,
        requestBytes: Buffer.byteLength(JSON.stringify(request)),
        key: 'crm',
        outcome: 'succeeded',
        rowsStored: 1,
        duplicatesSkipped: 1,
        replayed: false,
      });
      expect(created?.['durationMs']).to.be.a('number').greaterThan(0);
      expect(unknown).to.deep.include({ requestId: 'r-2', route: 'unmatched', path: '/no/such/path', status: 404 });
      expect(JSON.stringify(logger.info.args)).not.to.match(/9812340001|Secretname/);
    });

    it('logs a failed read without the phone number its path holds', async function () {
      const failing = () => Promise.reject(new Error('the storage is away'));
      await serve({
        reads: {
          contactList: failing,
          contactListRows: failing,
          campaign: failing,
          campaignRows: failing,
          campaigns: failing,
        },
      });

      const answer = await send('/contactLists/VoiceGenie_contact_919812340001');

      expect(answer.status).to.equal(500);
      expect(logger.error.args.map(([message]) => message as string)).to.include('request failed unexpectedly');
      expect(JSON.stringify([logger.error.args, logger.info.args])).not.to.include('9812340001');
    });
  });

  describe('rate limit', function () {
    it('answers 429 with Retry-After past the limit of each key, and never limits the probes', async function () {
      await serve({ apiKeys: keys, rateLimitPerMinute: 2 });

      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await postSpec({ 'x-api-key': SECRET })).status);
      const limited = await postSpec({ 'x-api-key': SECRET });

      expect(statuses).to.deep.equal([200, 200, 429]);
      expect(limited.status).to.equal(429);
      expect(Number(limited.headers.get('Retry-After'))).to.be.within(1, 60);
      expect(limited.body).to.deep.include({
        status: 'failed',
        message: `too many requests; retry after ${limited.headers.get('Retry-After')} seconds!`,
      });
      expect((await postSpec({ 'x-api-key': OTHER_SECRET })).status).to.equal(200);
      for (let i = 0; i < 5; i += 1) expect((await send('/healthz')).status).to.equal(200);
    });

    it('answers 429 with Retry-After to an address past its budget of failed keys, and still serves its valid keys', async function () {
      await serve({ apiKeys: keys, authFailureLimitPerMinute: 5, metrics: new Registry() });

      const statuses = [];
      for (let i = 0; i < 16; i += 1) statuses.push((await postSpec({ 'x-api-key': `guess-${i}-0123456789` })).status);
      const limited = await postSpec({ Authorization: 'Bearer guess-0123456789' });

      expect(statuses).to.deep.equal([...Array<number>(5).fill(401), ...Array<number>(11).fill(429)]);
      expect(limited.status).to.equal(429);
      const retryAfter = Number(limited.headers.get('Retry-After'));
      expect(retryAfter).to.be.within(1, 60);
      expect(limited.body).to.deep.equal({
        status: 'failed',
        data: { message: 'too many requests', retryAfterSeconds: retryAfter },
        message: `too many requests; retry after ${retryAfter} seconds!`,
      });
      expect((await postSpec({ 'x-api-key': SECRET })).status).to.equal(200);
      expect((await postSpec()).status).to.equal(429);
      for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs']) {
        expect((await send(path)).status, path).to.equal(200);
      }
    });

    it('spends none of the budget of failed keys on valid ones, and has none unless asked', async function () {
      await serve({ apiKeys: keys, authFailureLimitPerMinute: 2 });

      for (let i = 0; i < 5; i += 1) expect((await postSpec({ 'x-api-key': SECRET })).status).to.equal(200);
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await postSpec({ 'x-api-key': `guess-${i}-0123456789` })).status);
      expect(statuses).to.deep.equal([401, 401, 429]);

      await server?.close();
      await serve({ apiKeys: keys });
      statuses.length = 0;
      for (let i = 0; i < 16; i += 1) statuses.push((await postSpec({ 'x-api-key': `guess-${i}-0123456789` })).status);
      expect(statuses).to.deep.equal(Array<number>(16).fill(401));
    });

    it('counts per client address when there are no keys', async function () {
      await serve({ rateLimitPerMinute: 1 });

      expect((await postSpec()).status).to.equal(200);
      expect((await postSpec()).status).to.equal(429);
    });
  });

  describe('write admission', function () {
    function aUseCaseThatWaits() {
      const useCase = aUseCase();
      const releases: (() => void)[] = [];
      let started = 0;
      const startedNth: ((value: void) => void)[] = [];
      return {
        started: (n: number) => new Promise<void>((resolve) => (started >= n ? resolve() : (startedNth[n] = resolve))),
        releaseAll: () => releases.splice(0).forEach((release) => release()),
        port: {
          execute: async (request: unknown, caller?: { createdBy?: string }) => {
            started += 1;
            startedNth[started]?.();
            await new Promise<void>((resolve) => releases.push(resolve));
            return useCase.execute(request, caller);
          },
        },
      };
    }

    it('runs at most the given number at once, queues the next in order, and answers 503 with Retry-After past the queue', async function () {
      const waits = aUseCaseThatWaits();
      await serve({ writeAdmission: { maxConcurrent: 1, maxQueued: 1, queueTimeoutMs: 60_000 } }, waits.port);

      const first = postSpec();
      await waits.started(1);
      const queued = postSpec();
      // The queue holds one, so the third is turned away without waiting.
      const refused = await postSpec();
      expect(refused.status).to.equal(503);
      expect(Number(refused.headers.get('Retry-After'))).to.be.at.least(1);
      expect(refused.body).to.deep.include({ status: 'failed' });
      expect(refused.body).to.have.nested.property('data.message', 'server busy');

      waits.releaseAll();
      expect((await first).status).to.equal(200);
      await waits.started(2);
      waits.releaseAll();
      expect((await queued).status).to.equal(200);
      // Sent again once there is room, the refused request succeeds (a replay of the same rows).
      const again = postSpec();
      await waits.started(3);
      waits.releaseAll();
      expect((await again).status).to.equal(200);
    });

    it('answers 503 to a request whose turn does not come within the wait deadline', async function () {
      const waits = aUseCaseThatWaits();
      await serve({ writeAdmission: { maxConcurrent: 1, maxQueued: 10, queueTimeoutMs: 50 } }, waits.port);

      const first = postSpec();
      await waits.started(1);
      const late = await postSpec();

      expect(late.status).to.equal(503);
      expect(late.headers.get('Retry-After')).to.match(/^\d+$/);
      waits.releaseAll();
      expect((await first).status).to.equal(200);
    });
  });

  describe('metrics', function () {
    it('serves request counts, durations, outcomes and rows stored in the Prometheus format, moving with requests', async function () {
      const registry = new Registry();
      await serve({ metrics: registry });
      const scrape = async () => (await send('/metrics')).body as string;
      const before = await scrape();

      await postSpec();
      await postSpec();
      await postSpec({}, JSON.stringify({ identifierName: 'bad name!', userData: [] }));
      await send('/wp-admin/setup.php');
      const after = await scrape();

      expect(before).not.to.include('outbound_http_requests_total{method="POST"');
      expect(after).to.include(
        'outbound_http_requests_total{method="POST",route="/createContactAndCampaign",status="200"} 2',
      );
      expect(after).to.include(
        'outbound_http_requests_total{method="POST",route="/createContactAndCampaign",status="400"} 1',
      );
      expect(after).to.include('outbound_http_requests_total{method="GET",route="unmatched",status="404"} 1');
      expect(after).to.include('outbound_create_contact_and_campaign_outcomes_total{code="succeeded"} 2');
      expect(after).to.include('outbound_create_contact_and_campaign_outcomes_total{code="invalid-command"} 1');
      expect(after).to.include('outbound_rows_stored_total 2');
      expect(after).to.match(
        /outbound_http_request_duration_seconds_count\{method="POST",route="\/createContactAndCampaign",status="200"\} 2/,
      );
      expect(after).not.to.include('wp-admin');
    });

    it('keeps the figures of two apps in one process apart', async function () {
      const first = new Registry();
      const second = new Registry();
      createHttpApp(aUseCase(), { metrics: first });
      await serve({ metrics: second });

      await postSpec();

      expect(await first.metrics()).not.to.include('status="200"');
      expect(await second.metrics()).to.include('status="200"');
    });
  });

  describe('stopping', function () {
    it('answers /readyz 503 once stopping, however the storage is', async function () {
      let stopping = false;
      await serve({ isStopping: () => stopping });

      expect((await send('/readyz')).status).to.equal(200);
      stopping = true;
      const answer = await send('/readyz');

      expect(answer.status).to.equal(503);
      expect(answer.body).to.deep.equal({
        status: 'failed',
        data: { message: 'stopping' },
        message: 'the server is stopping!',
      });
    });

    it('answers requests in flight with Connection: close, then closes', async function () {
      const releases: (() => void)[] = [];
      const useCase = aUseCase();
      let started!: () => void;
      const hasStarted = new Promise<void>((resolve) => (started = resolve));
      const serving = await serve(
        {},
        {
          execute: async (request: unknown) => {
            started();
            await new Promise<void>((resolve) => releases.push(resolve));
            return useCase.execute(request);
          },
        },
      );
      const inFlight = postSpec();
      // Closed by the test itself.
      server = undefined;
      await hasStarted;
      const closing = serving.close({ timeoutMs: 60_000 });
      releases.forEach((release) => release());
      const answer = await inFlight;

      expect(answer.status).to.equal(200);
      expect(answer.headers.get('Connection')).to.equal('close');
      expect(await closing).to.deep.equal({ deadlinePassed: false, requestsCut: 0 });
    });

    it('cuts what is still in flight at the deadline and says how many', async function () {
      let started!: () => void;
      const hasStarted = new Promise<void>((resolve) => (started = resolve));
      const serving = await serve(
        {},
        {
          execute: () => {
            started();
            return new Promise(() => undefined);
          },
        },
      );
      const inFlight = postSpec().catch((error: unknown) => error);
      // Closed by the test itself.
      server = undefined;
      await hasStarted;

      expect(await serving.close({ timeoutMs: 50 })).to.deep.equal({ deadlinePassed: true, requestsCut: 1 });
      expect(await inFlight).to.be.instanceOf(Error);
    });
  });

  describe("Node's timeouts", function () {
    it('drops a client that sends its headers a byte a second, and answers others meanwhile', async function () {
      server = await serveHttpApp(createHttpApp(aUseCase(), { logger }), {
        port: 0,
        host: '127.0.0.1',
        headersTimeoutMs: 1_500,
        requestTimeoutMs: 10_000,
      });
      const { port } = new URL(server.url);
      const slow = connect(Number(port), '127.0.0.1');
      const headers = 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: ' + 'a'.repeat(100);
      let sent = 0;
      const trickle = setInterval(() => slow.write(headers[sent++ % headers.length] ?? ''), 1_000);
      const dropped = new Promise<string>((resolve) => {
        let received = '';
        slow.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
        slow.on('close', () => resolve(received));
      });

      try {
        const answersMeanwhile = [];
        for (let i = 0; i < 5; i += 1) answersMeanwhile.push((await send('/healthz')).status);

        expect(answersMeanwhile).to.deep.equal([200, 200, 200, 200, 200]);
        expect(await dropped).to.match(/^HTTP\/1\.1 408 /);
        expect(sent).to.be.below(10);
      } finally {
        clearInterval(trickle);
        slow.destroy();
      }
    });
  });
});
