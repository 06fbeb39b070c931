import { CreateContactAndCampaignToken, type CreateContactAndCampaign, type Logger } from '@outbound/domain';
import { openWorkContainer } from './composition/work-container.js';
import type { ImportTarget } from './import-target.js';
import type { ServerConfig } from './server-config.js';
import { describeStorage } from './storage-location.js';

/**
 * The use case in this process, over the storage the server's settings name (migrated first, as
 * the server does), without the HTTP app and the metrics the server builds over it. What is stored
 * is recorded as created by `createdBy`, the name of an API key, when given.
 */
export async function openInProcessImportTarget(
  config: ServerConfig,
  logger: Logger,
  createdBy: string | undefined,
): Promise<ImportTarget> {
  const { container, close } = await openWorkContainer(config, { logger });
  const useCase = container.get<CreateContactAndCampaign>(CreateContactAndCampaignToken);
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
    close,
  };
}
