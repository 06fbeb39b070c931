import {
  InMemoryCampaignRuns,
  InMemoryCampaignUploader,
  InMemoryContactRepository,
  InMemoryStore,
} from '@outbound/adapters-memory';
import { CreateContactAndCampaign, ReadContactsAndCampaigns, systemClock, type Logger } from '@outbound/domain';
import { aSpecExampleRequest } from '@outbound/port-contracts';
import { expect } from 'chai';
import { Registry } from 'prom-client';
import sinon from 'sinon';
import { ApiKeys, createHttpApp, serveHttpApp, type HttpAppOptions, type ServingHttpApp } from '../src/index.js';

const OLD_SECRET = 'crm-old-secret-0123456789';
const NEW_SECRET = 'crm-new-secret-9876543210';
const OPS_SECRET = 'ops-secret-0123456789abc';
const SPEC_LIST = 'VoiceGenie_contact_quick_outreach_001';
const FINGERPRINT = /^[0-9a-f]{8}$/;

describe('API keys as owners: several secrets each, named by fingerprint', function () {
  let server: ServingHttpApp | undefined;
  let logger: { [level in keyof Logger]: sinon.SinonSpy };

  beforeEach(function () {
    logger = { info: sinon.spy(), warn: sinon.spy(), error: sinon.spy() };
  });
  afterEach(async function () {
    await server?.close();
    server = undefined;
  });

  async function serve(options: HttpAppOptions): Promise<void> {
    const store = new InMemoryStore();
    const contacts = new InMemoryContactRepository(store);
    const campaigns = new InMemoryCampaignUploader(store);
    const useCase = new CreateContactAndCampaign(contacts, campaigns, { brand: 'VoiceGenie' });
    const reads = new ReadContactsAndCampaigns(contacts, campaigns, new InMemoryCampaignRuns(store), systemClock);
    server = await serveHttpApp(createHttpApp(useCase, { logger, reads, ...options }), { port: 0, host: '127.0.0.1' });
  }

  async function send(path: string, secret: string, init: RequestInit = {}): Promise<number> {
    if (server === undefined) throw new Error('no server');
    const response = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { 'x-api-key': secret, ...init.headers },
    });
    await response.arrayBuffer();
    return response.status;
  }

  function create(secret: string): Promise<number> {
    return send('/createContactAndCampaign', secret, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(aSpecExampleRequest()),
    });
  }

  /** Posts `body` with `secret`; the status and what the answer's data says of names and replays. */
  async function postAs(secret: string, body: unknown): Promise<{ status: number; data: Record<string, unknown> }> {
    if (server === undefined) throw new Error('no server');
    const response = await fetch(`${server.url}/createContactAndCampaign`, {
      method: 'POST',
      headers: { 'x-api-key': secret, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, data: ((await response.json()) as { data: Record<string, unknown> }).data };
  }

  async function phoneNumbersOf(path: string, secret: string): Promise<unknown[]> {
    if (server === undefined) throw new Error('no server');
    const response = await fetch(`${server.url}${path}`, { headers: { 'x-api-key': secret } });
    const { data } = (await response.json()) as { data: { contacts?: { phone_number: string }[] } };
    return (data.contacts ?? []).map((contact) => contact.phone_number);
  }

  function accessLines(): Record<string, unknown>[] {
    return logger.info
      .getCalls()
      .filter((call) => call.args[0] === 'request')
      .map((call) => call.args[1] as Record<string, unknown>);
  }

  const crmKeys = [
    { name: 'crm', secret: OLD_SECRET },
    { name: 'crm', secret: NEW_SECRET },
    { name: 'ops', secret: OPS_SECRET },
  ];

  it("serves each of an owner's secrets as the owner, who sees the same lists with either", async function () {
    await serve({ apiKeys: crmKeys });

    expect(await create(OLD_SECRET)).to.equal(200);

    expect(await send(`/contactLists/${SPEC_LIST}`, OLD_SECRET)).to.equal(200);
    expect(await send(`/contactLists/${SPEC_LIST}`, NEW_SECRET)).to.equal(200);
    expect(await send(`/contactLists/${SPEC_LIST}`, OPS_SECRET)).to.equal(404);
  });

  it("gives each owner its own pair under one identifierName: another's is neither a replay nor a conflict", async function () {
    await serve({ apiKeys: crmKeys });
    const spec = aSpecExampleRequest();
    const other = { identifierName: 'probe', userData: [{ phone_number: '919999999999' }] };

    expect(await postAs(OLD_SECRET, spec)).to.deep.include({ status: 200 });
    expect(await postAs(OLD_SECRET, { ...other, userData: spec.userData })).to.deep.include({ status: 200 });
    // Guessing crm's rows, or sending others under crm's identifierName, tells ops nothing of crm's.
    const guessed = await postAs(OPS_SECRET, spec);
    const probed = await postAs(OPS_SECRET, other);

    expect([guessed.status, guessed.data['replayed']]).to.deep.equal([200, false]);
    expect([probed.status, probed.data['replayed']]).to.deep.equal([200, false]);
    expect(await phoneNumbersOf('/contactLists/VoiceGenie_contact_probe/contacts', NEW_SECRET)).to.deep.equal([
      '+919876543210',
      '+919876543211',
    ]);
    expect(await phoneNumbersOf('/campaigns/VoiceGenie_campaign_probe/contacts', OPS_SECRET)).to.deep.equal([
      '+919999999999',
    ]);
    // Within one owner, whichever of its secrets sends, a repeat is a replay and other rows a conflict.
    expect((await postAs(NEW_SECRET, spec)).data['replayed']).to.equal(true);
    expect(await postAs(NEW_SECRET, other)).to.deep.include({ status: 409 });
    expect((await postAs(OPS_SECRET, other)).data['replayed']).to.equal(true);
  });

  it('names the owner and a fingerprint of the secret used on the access line, never the secret', async function () {
    await serve({ apiKeys: crmKeys });

    await create(OLD_SECRET);
    await create(NEW_SECRET);
    await send('/campaigns', OPS_SECRET);

    const lines = accessLines().map(({ key, keyFingerprint }) => ({ key, keyFingerprint }));
    expect(lines).to.deep.equal([
      { key: 'crm', keyFingerprint: ApiKeys.fingerprintOf(OLD_SECRET) },
      { key: 'crm', keyFingerprint: ApiKeys.fingerprintOf(NEW_SECRET) },
      { key: 'ops', keyFingerprint: ApiKeys.fingerprintOf(OPS_SECRET) },
    ]);
    for (const { keyFingerprint } of lines) expect(keyFingerprint).to.match(FINGERPRINT);
    expect(new Set(lines.map(({ keyFingerprint }) => keyFingerprint)).size).to.equal(3);
    const logged = JSON.stringify(logger.info.args);
    for (const secret of [OLD_SECRET, NEW_SECRET, OPS_SECRET]) expect(logged).not.to.include(secret.slice(0, 12));
  });

  it('counts the requests of each secret an owner holds in the metrics, by owner and fingerprint', async function () {
    const registry = new Registry();
    await serve({ apiKeys: crmKeys, metrics: registry });

    await create(OLD_SECRET);
    await create(NEW_SECRET);
    await create(NEW_SECRET);
    await send('/campaigns', 'not-any-secret-0123456789');

    const scraped = await registry.metrics();
    expect(scraped).to.include(
      `outbound_http_key_requests_total{key="crm",fingerprint="${ApiKeys.fingerprintOf(OLD_SECRET)}"} 1`,
    );
    expect(scraped).to.include(
      `outbound_http_key_requests_total{key="crm",fingerprint="${ApiKeys.fingerprintOf(NEW_SECRET)}"} 2`,
    );
    expect(scraped).not.to.include('key="ops"');
    expect(scraped).not.to.include('secret-');
  });

  it("limits an owner's requests together, whichever secret each presents", async function () {
    await serve({ apiKeys: crmKeys, rateLimitPerMinute: 2 });

    const statuses = [await create(OLD_SECRET), await create(NEW_SECRET), await create(OLD_SECRET)];

    expect(statuses).to.deep.equal([200, 200, 429]);
    expect(await create(OPS_SECRET)).to.equal(200);
  });

  it('refuses two owners sharing a secret, naming both and not the secret', function () {
    const store = new InMemoryStore();
    const useCase = new CreateContactAndCampaign(
      new InMemoryContactRepository(store),
      new InMemoryCampaignUploader(store),
      { brand: 'VoiceGenie' },
    );
    const sharing = () =>
      createHttpApp(useCase, {
        apiKeys: [
          { name: 'crm', secret: OLD_SECRET },
          { name: 'ops', secret: OLD_SECRET },
        ],
      });

    expect(sharing).to.throw(RangeError, /^API keys crm and ops have the same secret/);
    try {
      sharing();
    } catch (error) {
      expect((error as Error).message).not.to.include(OLD_SECRET.slice(0, 8));
    }
  });
});
