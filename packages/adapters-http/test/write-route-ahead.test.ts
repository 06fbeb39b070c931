import { InMemoryCampaignUploader, InMemoryContactRepository, InMemoryStore } from '@outbound/adapters-memory';
import { CreateContactAndCampaign, type Logger } from '@outbound/domain';
import { aSpecExampleRequest } from '@outbound/port-contracts';
import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { Registry } from 'prom-client';
import { createHttpApp, serveHttpApp, type ServingHttpApp } from '../src/index.js';

const SECRET = 'crm-secret-0123456789';

interface Exchange {
  readonly name: string;
  readonly headers: Record<string, string>;
  readonly body: string | Uint8Array;
}

const json = { 'Content-Type': 'application/json', Authorization: `Bearer ${SECRET}` };
const spec = JSON.stringify(aSpecExampleRequest());

/** Requests that reach the write route's every answer: created, replayed, and each refusal. */
const exchanges: readonly Exchange[] = [
  { name: 'a new pair', headers: json, body: spec },
  { name: 'a replay', headers: json, body: spec },
  { name: 'a name taken by other rows', headers: json, body: spec.replace('John Doe', 'John Roe') },
  { name: 'a rule broken', headers: json, body: JSON.stringify({ identifierName: 'x', userData: [] }) },
  { name: 'text that is not JSON', headers: json, body: '{"identifierName":' },
  { name: 'a __proto__ key', headers: json, body: '{"__proto__":{}}' },
  { name: 'a body not JSON', headers: { ...json, 'Content-Type': 'text/plain' }, body: spec },
  { name: 'a charset not UTF-8', headers: { ...json, 'Content-Type': 'application/json; charset=latin1' }, body: spec },
  { name: 'a body over the limit', headers: json, body: JSON.stringify({ pad: 'x'.repeat(4_096) }) },
  { name: 'gzip that is not', headers: { ...json, 'Content-Encoding': 'gzip' }, body: spec },
  { name: 'gzip that is', headers: { ...json, 'Content-Encoding': 'gzip' }, body: gzipSync(spec) },
  { name: 'an encoding not read', headers: { ...json, 'Content-Encoding': 'zstd' }, body: spec },
  { name: 'no key', headers: { 'Content-Type': 'application/json' }, body: spec },
];

interface Served {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** A server of its own for one path, so that both see the same requests in the same order. */
async function served(path: string) {
  const lines: Record<string, unknown>[] = [];
  const logger: Logger = {
    info: (_message, details) => lines.push({ ...details }),
    warn: () => undefined,
    error: () => undefined,
  };
  const registry = new Registry();
  const store = new InMemoryStore();
  const useCase = new CreateContactAndCampaign(
    new InMemoryContactRepository(store),
    new InMemoryCampaignUploader(store),
    {
      brand: 'VoiceGenie',
    },
  );
  const app = createHttpApp(useCase, {
    logger,
    metrics: registry,
    apiKeys: [{ name: 'crm', secret: SECRET }],
    bodyLimitBytes: 2_048,
  });
  const server: ServingHttpApp = await serveHttpApp(app, { port: 0, host: '127.0.0.1' });
  const answers: Served[] = [];
  try {
    for (const { headers, body } of exchanges) {
      const response = await fetch(`${server.url}${path}`, { method: 'POST', headers, body });
      const { 'x-request-id': _id, date: _date, ...kept } = Object.fromEntries(response.headers);
      answers.push({ status: response.status, headers: kept, body: JSON.parse(await response.text()) as unknown });
    }
    const counted = (await registry.getSingleMetric('outbound_http_requests_total')?.get())?.values ?? [];
    return { answers, lines, counted, stored: [...store.contactLists.values()].map(({ name }) => name) };
  } finally {
    await server.close();
  }
}

/** An access line without what differs from one request to the next whoever serves it. */
function comparable({ requestId: _id, durationMs: _duration, path: _path, ...line }: Record<string, unknown>) {
  return line;
}

describe('the write route served ahead of the router', function () {
  it('answers, logs and counts each request exactly as the router does for the same route', async function () {
    const ahead = await served('/createContactAndCampaign');
    // A trailing slash or another case is the same route to the router, which then serves it.
    for (const variant of ['/createContactAndCampaign/', '/CreateContactAndCampaign']) {
      const routed = await served(variant);

      exchanges.forEach(({ name }, index) => {
        expect(routed.answers[index], `${name} at ${variant}`).to.deep.equal(ahead.answers[index]);
        expect(comparable(routed.lines[index] ?? {}), name).to.deep.equal(comparable(ahead.lines[index] ?? {}));
      });
      expect(routed.counted).to.deep.equal(ahead.counted);
      expect(routed.stored).to.deep.equal(ahead.stored);
    }
    expect(ahead.answers.map(({ status }) => status)).to.deep.equal([
      200, 200, 409, 400, 400, 400, 415, 415, 413, 400, 200, 415, 401,
    ]);
    expect(ahead.lines.map(({ route }) => route)).to.deep.equal(exchanges.map(() => '/createContactAndCampaign'));
  });
});
