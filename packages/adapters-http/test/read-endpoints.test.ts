import {
  InMemoryCampaignRuns,
  InMemoryCampaignUploader,
  InMemoryContactRepository,
  InMemoryStore,
} from '@outbound/adapters-memory';
import { CreateContactAndCampaign, ReadContactsAndCampaigns } from '@outbound/domain';
import { aFixedClock, aSpecExampleRequest, type FixedClock } from '@outbound/port-contracts';
import { expect } from 'chai';
import { createHttpApp, serveHttpApp, type HttpAppOptions, type ServingHttpApp } from '../src/index.js';

const SPEC_LIST = 'VoiceGenie_contact_quick_outreach_001';
const SPEC_CAMPAIGN = 'VoiceGenie_campaign_quick_outreach_001';
const NOW = '2026-11-26T09:30:00.000Z';
/** Beyond what a double holds exactly: it is kept as JSON parses it. */
const BIG = JSON.parse('12345678901234567890') as number;

function rowsOf(count: number, seed = 1) {
  return Array.from({ length: count }, (_, index) => ({
    phone_number: `+91${String(9_000_000_000 + seed * 100_000 + index)}`,
    name: `Person ${index}`,
    position: index,
  }));
}

describe('reading back over HTTP', function () {
  let clock: FixedClock;
  let server: ServingHttpApp;

  async function serve(options: HttpAppOptions = {}) {
    clock = aFixedClock(NOW);
    const store = new InMemoryStore();
    const contacts = new InMemoryContactRepository(store, clock);
    const campaigns = new InMemoryCampaignUploader(store, clock);
    const app = createHttpApp(new CreateContactAndCampaign(contacts, campaigns, { brand: 'VoiceGenie' }), {
      reads: new ReadContactsAndCampaigns(contacts, campaigns, new InMemoryCampaignRuns(store), clock),
      ...options,
    });
    server = await serveHttpApp(app, { port: 0, host: '127.0.0.1' });
  }

  async function post(body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}/createContactAndCampaign`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    expect(response.status).to.equal(200);
  }

  async function get(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}${path}`, { headers });
    return { status: response.status, body: (await response.json()) as { data: Record<string, unknown> } };
  }

  async function readAll(path: string, limit: number, headers: Record<string, string> = {}) {
    const contacts: unknown[] = [];
    let pages = 0;
    let cursor: string | null = null;
    do {
      const query = `limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const { status, body } = await get(`${path}?${query}`, headers);
      expect(status).to.equal(200);
      contacts.push(...(body.data.contacts as unknown[]));
      cursor = body.data.nextCursor as string | null;
      pages += 1;
    } while (cursor !== null);
    return { contacts, pages };
  }

  beforeEach(async function () {
    await serve();
  });
  afterEach(async function () {
    await server.close();
  });

  it('answers a contact list with its row count, when it was stored and its campaign', async function () {
    await post(aSpecExampleRequest());

    expect(await get(`/contactLists/${SPEC_LIST}`)).to.deep.equal({
      status: 200,
      body: {
        status: 'success',
        data: { message: 'found', name: SPEC_LIST, rowCount: 2, createdAt: NOW, campaignName: SPEC_CAMPAIGN },
        message: 'Contact list found.',
      },
    });
  });

  it('answers a campaign with its list, status, row count and when it was stored', async function () {
    await post(aSpecExampleRequest());

    expect(await get(`/campaigns/${SPEC_CAMPAIGN}`)).to.deep.equal({
      status: 200,
      body: {
        status: 'success',
        data: {
          message: 'found',
          name: SPEC_CAMPAIGN,
          contactListName: SPEC_LIST,
          status: 'not-yet-started',
          rowCount: 2,
          createdAt: NOW,
        },
        message: 'Campaign found.',
      },
    });
  });

  it("answers each row as it was sent, the number canonical, the custom fields' values as they were", async function () {
    await post({
      identifierName: 'exact',
      userData: [
        {
          phone_number: '91 98765-43210',
          name: 'Ünïcødé 🙂',
          nested: { a: [1, { b: null }] },
          big: BIG,
        },
        { phone_number: '+14155550100' },
      ],
    });

    for (const path of ['/contactLists/VoiceGenie_contact_exact', '/campaigns/VoiceGenie_campaign_exact']) {
      expect(await get(`${path}/contacts`)).to.deep.equal({
        status: 200,
        body: {
          status: 'success',
          data: {
            message: 'found',
            name: path.split('/')[2],
            rowCount: 2,
            contacts: [
              {
                phone_number: '+919876543210',
                name: 'Ünïcødé 🙂',
                nested: { a: [1, { b: null }] },
                big: BIG,
              },
              { phone_number: '+14155550100', name: null },
            ],
            // A campaign not yet started: no calls beside its rows.
            ...(path.startsWith('/campaigns/') ? { calls: [null, null] } : {}),
            nextCursor: null,
          },
          message: 'Contacts found.',
        },
      });
    }
  });

  for (const [what, path] of [
    ['contact list', '/contactLists/VoiceGenie_contact_paged/contacts'],
    ['campaign', '/campaigns/VoiceGenie_campaign_paged/contacts'],
  ] as const) {
    it(`pages through 2,500 rows of a ${what} by cursor, 1,000 and then 7 at a time`, async function () {
      const userData = rowsOf(2_500);
      await post({ identifierName: 'paged', userData });

      const byThousand = await readAll(path, 1_000);
      expect(byThousand.pages).to.equal(3);
      expect(byThousand.contacts).to.deep.equal(userData);
      const bySeven = await readAll(path, 7);
      expect(bySeven.pages).to.equal(358);
      expect(bySeven.contacts).to.deep.equal(userData);
    });
  }

  it('answers 100 rows when no limit is given', async function () {
    await post({ identifierName: 'default', userData: rowsOf(150) });

    const { body } = await get('/contactLists/VoiceGenie_contact_default/contacts');

    expect(body.data.contacts).to.have.length(100);
    expect(body.data.nextCursor).to.be.a('string');
  });

  it('answers 404 naming what it did not find; names are case-sensitive', async function () {
    await post(aSpecExampleRequest());

    for (const [path, kind, name] of [
      ['/contactLists/VoiceGenie_contact_QUICK_outreach_001', 'contact list', 'VoiceGenie_contact_QUICK_outreach_001'],
      ['/contactLists/missing/contacts', 'contact list', 'missing'],
      ['/campaigns/voicegenie_campaign_quick_outreach_001', 'campaign', 'voicegenie_campaign_quick_outreach_001'],
      ['/campaigns/missing%2Fslash/contacts', 'campaign', 'missing/slash'],
    ] as const) {
      expect(await get(path), path).to.deep.equal({
        status: 404,
        body: {
          status: 'failed',
          data: { message: `${kind} not found`, name },
          message: `there is no ${kind} named ${name}!`,
        },
      });
    }
  });

  it('answers 400 naming limit when it is not a whole number from 1 to 1,000, given once', async function () {
    await post(aSpecExampleRequest());

    for (const query of ['limit=0', 'limit=1001', 'limit=abc', 'limit=1.5', 'limit=', 'limit=-1', 'limit=1&limit=2']) {
      const { status, body } = await get(`/contactLists/${SPEC_LIST}/contacts?${query}`);
      expect(status, query).to.equal(400);
      expect(body.data.problems, query).to.deep.equal([
        { field: 'limit', message: 'must be a whole number from 1 to 1000, given once' },
      ]);
    }
    expect((await get('/campaigns?limit=0')).status).to.equal(400);
  });

  it('answers 400 naming status when it is no status of a campaign, or given twice', async function () {
    await post(aSpecExampleRequest());

    for (const query of ['status=started', 'status=', 'status=Running', 'status=running&status=paused']) {
      const { status, body } = await get(`/campaigns?${query}`);
      expect(status, query).to.equal(400);
      expect(body.data.problems, query).to.deep.equal([
        {
          field: 'status',
          message: 'must be one of not-yet-started, scheduled, running, paused, completed, cancelled, given once',
        },
      ]);
    }
    expect(((await get('/campaigns?status=not-yet-started')).body.data.campaigns as unknown[]).length).to.equal(1);
    expect((await get('/campaigns?status=running')).body.data.campaigns).to.deep.equal([]);
  });

  it('answers 400 naming cursor when it was edited, cut short, or came from another list', async function () {
    await post({ identifierName: 'one', userData: rowsOf(30, 1) });
    await post({ identifierName: 'two', userData: rowsOf(30, 2) });
    const first = await get('/contactLists/VoiceGenie_contact_one/contacts?limit=10');
    const cursor = first.body.data.nextCursor as string;
    const [position = '', check = ''] = cursor.split('.');
    const edited = `${Buffer.from('20').toString('base64url')}.${check}`;
    const flipped = `${position}.${check.slice(0, -1)}${check.endsWith('A') ? 'B' : 'A'}`;

    for (const [path, bad, message] of [
      ['/contactLists/VoiceGenie_contact_one/contacts', edited, 'belongs to another contact list'],
      ['/contactLists/VoiceGenie_contact_one/contacts', flipped, 'belongs to another contact list'],
      ['/contactLists/VoiceGenie_contact_one/contacts', cursor.slice(0, -3), 'is not a cursor of these contacts'],
      ['/contactLists/VoiceGenie_contact_one/contacts', 'not-a-cursor', 'is not a cursor of these contacts'],
      ['/contactLists/VoiceGenie_contact_two/contacts', cursor, 'belongs to another contact list'],
      ['/campaigns/VoiceGenie_campaign_one/contacts', cursor, 'belongs to another campaign'],
      ['/campaigns', cursor, 'is not a cursor of this list of campaigns'],
    ] as const) {
      const { status, body } = await get(`${path}?cursor=${encodeURIComponent(bad)}`);
      expect({ status, problems: body.data.problems }, `${path} ${bad}`).to.deep.equal({
        status: 400,
        problems: [{ field: 'cursor', message }],
      });
    }
    const next = await get(`/contactLists/VoiceGenie_contact_one/contacts?limit=10&cursor=${cursor}`);
    expect(next.body.data.contacts).to.deep.equal(rowsOf(30, 1).slice(10, 20));
  });

  it('lists campaigns newest first, a page at a time', async function () {
    for (const name of ['first', 'second', 'third']) {
      await post({ identifierName: name, userData: rowsOf(1) });
      clock.advance(1_000);
    }
    const names = (body: { data: Record<string, unknown> }) =>
      (body.data.campaigns as { name: string }[]).map((campaign) => campaign.name);

    const page = await get('/campaigns?limit=2');
    expect(names(page.body)).to.deep.equal(['VoiceGenie_campaign_third', 'VoiceGenie_campaign_second']);
    expect((page.body.data.campaigns as unknown[])[0]).to.deep.equal({
      name: 'VoiceGenie_campaign_third',
      contactListName: 'VoiceGenie_contact_third',
      status: 'not-yet-started',
      rowCount: 1,
      createdAt: '2026-11-26T09:30:02.000Z',
    });
    const last = await get(`/campaigns?limit=2&cursor=${page.body.data.nextCursor as string}`);
    expect(names(last.body)).to.deep.equal(['VoiceGenie_campaign_first']);
    expect(last.body.data.nextCursor).to.equal(null);
  });

  it('answers 500 in the envelope when the storage fails, and nothing of the failure', async function () {
    await server.close();
    const failing = () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.1:3306 while reading +919876543210'));
    const app = createHttpApp(
      { execute: failing },
      {
        reads: {
          contactList: failing,
          contactListRows: failing,
          campaign: failing,
          campaignRows: failing,
          campaigns: failing,
        },
      },
    );
    server = await serveHttpApp(app, { port: 0, host: '127.0.0.1' });

    for (const path of [
      '/contactLists/x',
      '/contactLists/x/contacts',
      '/campaigns/x',
      '/campaigns/x/contacts',
      '/campaigns',
    ]) {
      expect(await get(path), path).to.deep.equal({
        status: 500,
        body: { status: 'failed', data: { message: 'internal error' }, message: 'internal error!' },
      });
    }
  });

  describe('with API keys', function () {
    const crm = { 'x-api-key': 'crm-secret-0123456789' };
    const dialer = { Authorization: 'Bearer dialer-secret-0123456789' };

    beforeEach(async function () {
      await server.close();
      await serve({
        apiKeys: [
          { name: 'crm', secret: crm['x-api-key'] },
          { name: 'dialer', secret: 'dialer-secret-0123456789' },
        ],
      });
    });

    it('shows a key only what it created, and answers 404 to another key, as if there were nothing', async function () {
      await post(aSpecExampleRequest(), crm);

      expect((await get(`/contactLists/${SPEC_LIST}`, crm)).status).to.equal(200);
      expect((await get(`/campaigns/${SPEC_CAMPAIGN}/contacts`, crm)).status).to.equal(200);
      for (const path of [
        `/contactLists/${SPEC_LIST}`,
        `/contactLists/${SPEC_LIST}/contacts`,
        `/campaigns/${SPEC_CAMPAIGN}`,
        `/campaigns/${SPEC_CAMPAIGN}/contacts`,
      ]) {
        expect((await get(path, dialer)).status, path).to.equal(404);
      }
      expect((await get('/campaigns', crm)).body.data.campaigns).to.have.length(1);
      expect((await get('/campaigns', dialer)).body.data.campaigns).to.deep.equal([]);
    });

    it('answers 401 without a key', async function () {
      for (const path of [`/contactLists/${SPEC_LIST}`, '/campaigns']) {
        expect((await get(path)).status).to.equal(401);
      }
    });
  });
});
