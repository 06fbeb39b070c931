import {
  InMemoryCampaignRuns,
  InMemoryCampaignUploader,
  InMemoryContactRepository,
  InMemoryStore,
} from '@outbound/adapters-memory';
import {
  ChangeCampaignStatus,
  LeaseDueCalls,
  ReadCampaignRun,
  ReadContactsAndCampaigns,
  RecordCallOutcome,
  StartCampaign,
  systemClock,
} from '@outbound/domain';
import { expect } from 'chai';
import { request } from 'node:http';
import { Registry } from 'prom-client';
import { createHttpApp, serveHttpApp, type HttpAppOptions, type ServingHttpApp } from '../src/index.js';
import { conformanceProblem, servedDocument, type ReceivedAnswer } from './openapi-conformance.js';

const SECRET = 'crm-secret-0123456789';
const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
const useCase = { execute: () => Promise.reject(new Error('not called')) };

/** One request through node:http, which sends any method (fetch refuses TRACE), read as the checker reads an answer. */
function exchange(url: string, method: string, headers: Record<string, string> = {}): Promise<ReceivedAnswer> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const received = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) received.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ method, url, status: response.statusCode ?? 0, headers: received, body });
      });
    });
    sent.on('error', reject);
    sent.end();
  });
}

/** Each path of the document as a request path, a name where it takes one. */
const concretePaths = Object.keys(servedDocument.paths).map((template) =>
  template.replace('{name}', 'missing').replace('{callId}', 'missing'),
);

describe('every path of the document, for every method', function () {
  let server: ServingHttpApp | undefined;

  async function serve(options: HttpAppOptions = {}): Promise<string> {
    const store = new InMemoryStore();
    const campaigns = new InMemoryCampaignUploader(store);
    const runs = new InMemoryCampaignRuns(store);
    const reads = new ReadContactsAndCampaigns(new InMemoryContactRepository(store), campaigns, runs, systemClock);
    const runUseCases = {
      start: new StartCampaign(campaigns, runs, { zonesOf: () => [] }, systemClock),
      change: new ChangeCampaignStatus(runs, systemClock),
      lease: new LeaseDueCalls(runs, systemClock),
      record: new RecordCallOutcome(runs, systemClock),
      read: new ReadCampaignRun(runs, systemClock),
    };
    server = await serveHttpApp(
      createHttpApp(useCase, { reads, runs: runUseCases, metrics: new Registry(), ...options }),
      {
        port: 0,
        host: '127.0.0.1',
      },
    );
    return server.url;
  }
  afterEach(async function () {
    await server?.close();
    server = undefined;
  });

  it('lists each of the eight methods of OpenAPI on each path', function () {
    for (const [path, operations] of Object.entries(servedDocument.paths)) {
      expect(Object.keys(operations), path).to.have.members(METHODS.map((method) => method.toLowerCase()));
    }
  });

  it('answers each as its operation on that path says: OPTIONS, HEAD and 405 included', async function () {
    const url = await serve();

    for (const path of concretePaths) {
      const served = await exchange(`${url}${path}`, 'OPTIONS');
      expect(served.status, path).to.equal(200);
      const allowed = (served.headers.get('allow') ?? '').split(', ');
      for (const method of METHODS) {
        const answer = await exchange(`${url}${path}`, method);

        expect(await conformanceProblem(answer)).to.equal(null);
        if (!allowed.includes(method) && method !== 'OPTIONS') {
          expect(answer.status, `${method} ${path}`).to.equal(405);
          expect(answer.headers.get('allow'), `${method} ${path}`).to.equal(served.headers.get('allow'));
        }
      }
    }
  });

  it('answers each without a key as its operation says, where a key is needed', async function () {
    const url = await serve({ apiKeys: [{ name: 'crm', secret: SECRET }] });

    const statuses = new Set<number>();
    for (const path of concretePaths) {
      for (const method of METHODS) {
        const answer = await exchange(`${url}${path}`, method);
        statuses.add(answer.status);

        expect(await conformanceProblem(answer)).to.equal(null);
      }
    }
    expect([...statuses].sort()).to.include.members([200, 401, 405]);
  });

  it('answers HEAD as GET, without the body', async function () {
    const url = await serve();

    for (const path of concretePaths) {
      const get = await exchange(`${url}${path}`, 'GET');
      if (get.status === 405) continue;
      const head = await exchange(`${url}${path}`, 'HEAD');

      expect(head.status, path).to.equal(get.status);
      expect(head.headers.get('content-type'), path).to.equal(get.headers.get('content-type'));
      expect(head.body, path).to.equal('');
    }
  });
});
