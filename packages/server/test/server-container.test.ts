import { KoaAppToken } from '@outbound/adapters-http';
import { memoryAdaptersModule } from '@outbound/adapters-memory';
import { ContactRepositoryToken, silentLogger, type ContactRepository } from '@outbound/domain';
import { expect } from 'chai';
import type Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { buildServerContainer, readServerConfig } from '../src/index.js';

describe('the server container', function () {
  it('serves the use case over the storage it binds, under the configured brand', async function () {
    const container = buildServerContainer(readServerConfig({ BRAND_NAME: 'Acme' }), {
      storage: memoryAdaptersModule(),
      logger: silentLogger,
      ready: async () => undefined,
    });
    const server = container.get<Koa>(KoaAppToken).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/createContactAndCampaign`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identifierName: 'wired', userData: [{ phone_number: '14155550100' }] }),
      });

      expect(response.status).to.equal(200);
      const stored = await container.get<ContactRepository>(ContactRepositoryToken).findByName('Acme_contact_wired');
      expect(stored?.rows.map((row) => row.phoneNumber)).to.deep.equal(['+14155550100']);
    } finally {
      server.close();
    }
  });
});
