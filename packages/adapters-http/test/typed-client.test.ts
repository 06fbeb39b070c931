import {
  InMemoryCampaignRuns,
  InMemoryCampaignUploader,
  InMemoryContactRepository,
  InMemoryStore,
} from '@outbound/adapters-memory';
import { CreateContactAndCampaign, ReadContactsAndCampaigns, systemClock } from '@outbound/domain';
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { Registry } from 'prom-client';
import { createHttpApp, serveHttpApp, type ServingHttpApp } from '../src/index.js';

const run = promisify(execFile);
const committedDocument = new URL('../../../../docs/openapi.json', import.meta.url);
const packageFolder = fileURLToPath(new URL('../../', import.meta.url));
/** Where the client's project (test/typed-client) finds the generated types, and compiles to. */
const clientOutput = new URL('../typed-client/', import.meta.url);

interface TypedClient {
  callEveryOperation(baseUrl: string): Promise<Record<string, unknown>>;
}

describe('a client generated from docs/openapi.json by openapi-typescript, with openapi-fetch', function () {
  let client: TypedClient;
  let server: ServingHttpApp;

  before(async function () {
    // Generating the types and compiling a strict project over them takes a few seconds.
    this.timeout(180_000);
    // Read from the committed file alone, as a client's build would, and nothing fetched.
    const types = astToString(await openapiTS(committedDocument, { silent: true }));
    await mkdir(clientOutput, { recursive: true });
    await writeFile(new URL('outbound-api.d.ts', clientOutput), types);
    try {
      await run('npx', ['tsc', '-p', 'test/typed-client/tsconfig.json'], { cwd: packageFolder });
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`the typed client does not compile:\n${stdout}${stderr}`, { cause: error });
    }
    client = (await import(new URL('typed-client.js', clientOutput).href)) as TypedClient;
  });

  beforeEach(async function () {
    const store = new InMemoryStore();
    const contacts = new InMemoryContactRepository(store);
    const campaigns = new InMemoryCampaignUploader(store);
    const app = createHttpApp(new CreateContactAndCampaign(contacts, campaigns, { brand: 'VoiceGenie' }), {
      reads: new ReadContactsAndCampaigns(contacts, campaigns, new InMemoryCampaignRuns(store), systemClock),
      metrics: new Registry(),
    });
    server = await serveHttpApp(app, { port: 0, host: '127.0.0.1' });
  });
  afterEach(async function () {
    await server.close();
  });

  it('compiles strictly, then calls every operation of a running server, custom fields sent and read back', async function () {
    const seen = await client.callEveryOperation(server.url);

    expect(seen).to.deep.equal({
      created: {
        message: 'Done',
        contactListName: 'VoiceGenie_contact_typed_client',
        campaignName: 'VoiceGenie_campaign_typed_client',
        rowsStored: 2,
        duplicatesSkipped: 0,
        replayed: false,
      },
      replayed: true,
      conflictingName: 'VoiceGenie_contact_typed_client',
      list: {
        message: 'found',
        name: 'VoiceGenie_contact_typed_client',
        rowCount: 2,
        createdAt: (seen['list'] as { createdAt: string }).createdAt,
        campaignName: 'VoiceGenie_campaign_typed_client',
      },
      firstRow: {
        phone_number: '+919876543210',
        name: 'Asha Rao',
        vip: true,
        email: 'asha@example.com',
        score: 9.5,
        tags: ['gold', 2, null],
        address: { city: 'Pune', floors: [1, 2] },
      },
      email: 'asha@example.com',
      secondRow: { phone_number: '+919876543211', name: null, vip: false },
      campaignNames: ['VoiceGenie_campaign_typed_client'],
      runningCampaignNames: [],
      campaign: {
        message: 'found',
        name: 'VoiceGenie_campaign_typed_client',
        contactListName: 'VoiceGenie_contact_typed_client',
        status: 'not-yet-started',
        rowCount: 2,
        createdAt: (seen['campaign'] as { createdAt: string }).createdAt,
      },
      campaignRowCount: 2,
      campaignCallStates: [null, null],
      missing: { status: 404, message: 'campaign not found' },
      headers: { status: 200, type: 'application/json; charset=utf-8' },
      allowed: 'HEAD, GET',
      refused: { status: 405, message: 'method not allowed' },
      healthz: 'alive',
      readyz: 'ready',
      metricsMention: true,
      openapi: '3.1.0',
      referenceIsHtml: true,
    });
  });
});
