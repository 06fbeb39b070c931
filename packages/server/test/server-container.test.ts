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
