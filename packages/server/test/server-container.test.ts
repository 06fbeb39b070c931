import { KoaAppToken, serveHttpApp } from '@outbound/adapters-http';
import {
  CampaignUploaderToken,
  ContactRepositoryToken,
  silentLogger,
  type CampaignUploader,
  type ContactRepository,
} from '@outbound/domain';
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
      const stored = await container.get<ContactRepository>(ContactRepositoryToken).findByName('Acme_contact_wired');
      expect(stored?.rows.map((row) => row.phoneNumber)).to.deep.equal(['+14155550100']);
      const campaign = await container.get<CampaignUploader>(CampaignUploaderToken).findByName('Acme_campaign_wired');
      expect(campaign?.createdAt).to.deep.equal(new Date('2026-11-26T10:00:00.000Z'));
    } finally {
      await server.close();
      await close();
    }
  });
});
