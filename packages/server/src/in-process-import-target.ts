import { ApiKeys } from '@outbound/adapters-http';
import { CreateContactAndCampaignToken, type CreateContactAndCampaign, type Logger } from '@outbound/domain';
import type { ImportTarget } from './import-target.js';
import type { ServerConfig } from './server-config.js';
import { openServerContainer } from './server-container.js';
import { describeStorage } from './storage-location.js';

/** The key OUTBOUND_API_KEY holds is not one of the server's own. */
export class UnknownImportKeyError extends Error {
  override readonly name = 'UnknownImportKeyError';
}

/**
 * The use case in this process, over the storage the server's settings name (migrated first, as
 * the server does). With keys configured, what is imported is recorded as created by the key in
 * OUTBOUND_API_KEY, so that key reads it back as if it had sent the rows over HTTP.
 */
export async function openInProcessImportTarget(
  config: ServerConfig,
  logger: Logger,
  apiKey: string | undefined,
): Promise<ImportTarget> {
  let createdBy: string | undefined;
  if (apiKey !== undefined && config.apiKeys.length > 0) {
    createdBy = new ApiKeys(config.apiKeys).identify(apiKey) ?? undefined;
    if (createdBy === undefined) {
      throw new UnknownImportKeyError('OUTBOUND_API_KEY is not one of the keys in API_KEYS or API_KEYS_FILE');
    }
  }
  const server = await openServerContainer(config, { logger });
  const useCase = server.container.get<CreateContactAndCampaign>(CreateContactAndCampaignToken);
  return {
    description:
      config.storage.kind === 'memory' ? describeStorage(config.storage) : `in ${describeStorage(config.storage)}`,
    async send(request) {
      const outcome = await useCase.execute(request, createdBy === undefined ? {} : { createdBy });
      switch (outcome.code) {
        case 'contact-creation-failed':
          return {
            code: 'storage-failed',
            message: `the storage failed to store contact list ${outcome.contactListName}`,
          };
        case 'campaign-creation-failed':
          return {
            code: 'storage-failed',
            message: `the storage failed to store campaign ${outcome.campaignName}; its contact list was taken back`,
          };
        default:
          return outcome;
      }
    },
    close: server.close,
  };
}
