import { KoaAppToken } from '@outbound/adapters-http';
import {
  CreateContactAndCampaignToken,
  ReadContactsAndCampaignsToken,
  SweepOrphanedContactListsToken,
  silentLogger,
} from '@outbound/domain';
import { MetricsRegistryToken } from '@outbound/metrics';
import { expect } from 'chai';
import { readServerConfig } from '../src/index.js';
import { openServerContainer } from '../src/composition/server-container.js';
import { openWorkContainer } from '../src/composition/work-container.js';

describe('the composition root', function () {
  const config = readServerConfig({ DATABASE_URL: 'memory:' });

  it('loads, for a command that serves nothing, the use cases and no HTTP app or metrics', async function () {
    const { container, close } = await openWorkContainer(config, { logger: silentLogger });
    try {
      expect(container.isBound(CreateContactAndCampaignToken)).to.equal(true);
      expect(container.isBound(SweepOrphanedContactListsToken)).to.equal(true);
      expect(container.isBound(KoaAppToken)).to.equal(false);
      expect(container.isBound(MetricsRegistryToken)).to.equal(false);
    } finally {
      await close();
    }
  });

  it('loads, for serving, the use cases, the metrics and the HTTP app over them', async function () {
    const { container, close } = await openServerContainer(config, { logger: silentLogger });
    try {
      for (const token of [
        CreateContactAndCampaignToken,
        ReadContactsAndCampaignsToken,
        SweepOrphanedContactListsToken,
        MetricsRegistryToken,
        KoaAppToken,
      ]) {
        expect(container.isBound(token), token.toString()).to.equal(true);
      }
    } finally {
      await close();
    }
  });
});
