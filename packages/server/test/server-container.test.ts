import { KoaAppToken, serveHttpApp } from '@outbound/adapters-http';
import {
  CampaignUploaderToken,
  ContactRepositoryToken,
  silentLogger,
  type CampaignUploader,
  type ContactRepository,
} from '@outbound/domain';
import { describeOnEachDatabase } from '@outbound/adapters-sql/testing';
import { aFixedClock } from '@outbound/port-contracts';
import { expect } from 'chai';
import type Koa from 'koa';
import { openServerContainer, readServerConfig } from '../src/index.js';

describe('the server container', function () {
  it('serves the use case over the storage DATABASE_URL names, under the configured brand and clock', async function () {
    const config = readServerConfig({ BRAND_NAME: 'Acme', DATABASE_URL: 'memory:' });
    const clock = aFixedClock('2026-11-26T10:00:00.000Z');
    const { container, close } = await openServerContainer(config, { logger: silentLogger, clock });
    const server = await serveHttpApp(container.get<Koa>(KoaAppToken), { port: 0, host: '127.0.0.1' });
    try {
      const response = await fetch(`${server.url}/createContactAndCampaign`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identifierName: 'wired', userData: [{ phone_number: '14155550100' }] }),
      });

      expect(response.status).to.equal(200);
      const stored = await container
        .get<ContactRepository>(ContactRepositoryToken)
        .findByName({ createdBy: null, name: 'Acme_contact_wired' });
      expect(stored?.rows.map((row) => row.phoneNumber)).to.deep.equal(['+14155550100']);
      const campaign = await container
        .get<CampaignUploader>(CampaignUploaderToken)
        .findByName({ createdBy: null, name: 'Acme_campaign_wired' });
      expect(campaign?.createdAt).to.deep.equal(new Date('2026-11-26T10:00:00.000Z'));
    } finally {
      await server.close();
      await close();
    }
  });
});

describeOnEachDatabase(
  (label) => `the server container with API keys, on ${label}`,
  (database) => {
    it('records the name of the key a list and its campaign were created with, and serves /metrics without one', async function () {
      const secret = 'crm-secret-0123456789';
      const config = readServerConfig({ DATABASE_URL: database().url, API_KEYS: `crm:${secret}` });
      const { container, close } = await openServerContainer(config, { logger: silentLogger });
      const server = await serveHttpApp(container.get<Koa>(KoaAppToken), { port: 0, host: '127.0.0.1' });
      try {
        const response = await fetch(`${server.url}/createContactAndCampaign`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` },
          body: JSON.stringify({ identifierName: 'keyed', userData: [{ phone_number: '14155550100' }] }),
        });
        const metrics = await (await fetch(`${server.url}/metrics`)).text();

        expect(response.status).to.equal(200);
        const knex = database().knex;
        expect(await knex('contact_lists').select('name', 'owner')).to.deep.equal([
          { name: 'VoiceGenie_contact_keyed', owner: 'crm' },
        ]);
        expect(await knex('campaigns').select('name', 'owner')).to.deep.equal([
          { name: 'VoiceGenie_campaign_keyed', owner: 'crm' },
        ]);
        expect(metrics).to.match(
          /outbound_port_call_duration_seconds_count\{port="contacts",operation="create",result="ok"\} 1/,
        );
        expect(metrics).to.match(
          /outbound_port_call_duration_seconds_count\{port="campaigns",operation="upload",result="ok"\} 1/,
        );
        expect(metrics).to.include('process_cpu_seconds_total');
      } finally {
        await server.close();
        await close();
      }
    });
  },
);

describeOnEachDatabase(
  (label) => `a campaign run by the server container, on ${label}`,
  (database) => {
    it('starts a campaign in each contact’s hours, ends an unreported lease as a failed attempt, and counts both', async function () {
      // A Monday, 09:30 UTC: 15:00 in Kolkata, 05:30 in New York.
      const clock = aFixedClock('2026-06-01T09:30:00.000Z');
      const config = readServerConfig({ DATABASE_URL: database().url, CALL_LEASE_MS: '60000' });
      const { container, close } = await openServerContainer(config, { logger: silentLogger, clock });
      const server = await serveHttpApp(container.get<Koa>(KoaAppToken), { port: 0, host: '127.0.0.1' });
      const post = async (path: string, body: unknown) => {
        const response = await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as { data: Record<string, unknown> } };
      };
      const metrics = async () => (await fetch(`${server.url}/metrics`)).text();
      try {
        const userData = [{ phone_number: '+919876543210' }, { phone_number: '+12125550100' }];
        expect((await post('/createContactAndCampaign', { identifierName: 'run', userData })).status).to.equal(200);
        const started = await post('/campaigns/VoiceGenie_campaign_run/start', {
          callingHours: { from: '09:00', to: '20:00' },
          retry: { maxAttempts: 1 },
        });
        expect(started.body.data['contacts']).to.deep.include({ due: 1, waiting: 1 });
        expect(await metrics()).to.include('outbound_due_calls 1');

        const leased = await post('/calls/lease', { max: 10 });
        expect(
          (leased.body.data['calls'] as { contact: { phone_number: string } }[]).map((call) => call.contact),
        ).to.deep.equal([{ phone_number: '+919876543210', name: null }]);
        clock.advance(60_000);
        expect((await post('/calls/lease', { max: 10 })).body.data['calls']).to.deep.equal([]);

        const read = await fetch(`${server.url}/campaigns/VoiceGenie_campaign_run`);
        const { data } = (await read.json()) as { data: Record<string, unknown> };
        expect(data['contacts']).to.deep.include({ finished: 1, waiting: 1 });
        expect(data['outcomes']).to.deep.include({ failed: 1 });
        const exposed = await metrics();
        expect(exposed).to.include('outbound_leases_expired_total 1');
        expect(exposed).to.include('outbound_calls_handed_out_total 1');
        expect(exposed).to.include('outbound_due_calls 0');
      } finally {
        await server.close();
        await close();
      }
    });
  },
);
