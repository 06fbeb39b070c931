import type { Envelope, HttpAnswer } from '@outbound/adapters-http';
import {
  ChangeCampaignStatusToken,
  ReadCampaignRunToken,
  ReadContactsAndCampaignsToken,
  StartCampaignToken,
  type ChangeCampaignStatus,
  type Logger,
  type ReadCampaignRun,
  type ReadContactsAndCampaigns,
  type StartCampaign,
} from '@outbound/domain';
import type { CampaignArguments } from './campaign-arguments.js';
import type { ServerConfig } from './server-config.js';

/** An answer as the API gives it: its status and its envelope. */
export type CampaignAnswer = Pick<HttpAnswer, 'status' | 'body'>;

/** Thrown when the server at --url cannot be reached at all. */
export class ServerUnreachable extends Error {
  override readonly name = 'ServerUnreachable';
}

/** Asks the server at `url` as a client of the API would, with the owner's key when given. */
export async function askServer(
  given: CampaignArguments,
  url: string,
  apiKey: string | undefined,
): Promise<CampaignAnswer> {
  const path = `/campaigns/${encodeURIComponent(given.name)}${given.action === 'show' ? '' : `/${given.action}`}`;
  let response: Response;
  try {
    response = await fetch(new URL(path, url), {
      method: given.action === 'show' ? 'GET' : 'POST',
      headers: {
        ...(given.action === 'start' ? { 'Content-Type': 'application/json' } : {}),
        ...(apiKey === undefined ? {} : { 'x-api-key': apiKey }),
      },
      ...(given.action === 'start' ? { body: JSON.stringify(given.settings) } : {}),
    });
  } catch (error) {
    throw new ServerUnreachable(`cannot reach ${url}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return { status: response.status, body: (await response.json()) as Envelope };
}

/**
 * Runs the use cases in this process, over the storage the settings name, as `createdBy` (a key's
 * name, when given), and answers as the API would: the same table builds both answers.
 */
export async function askInProcess(
  given: CampaignArguments,
  config: ServerConfig,
  logger: Logger,
  createdBy: string | undefined,
): Promise<CampaignAnswer> {
  // Loaded only now: a usage error or --url never needs the storage.
  const [{ openWorkContainer }, { httpAnswers }] = await Promise.all([
    import('./composition/work-container.js'),
    import('@outbound/adapters-http'),
  ]);
  const { container, close } = await openWorkContainer(config, { logger });
  const caller = createdBy === undefined ? {} : { createdBy };
  try {
    switch (given.action) {
      case 'show': {
        const summary = await container
          .get<ReadContactsAndCampaigns>(ReadContactsAndCampaignsToken)
          .campaign(given.name, caller);
        const run = await container.get<ReadCampaignRun>(ReadCampaignRunToken).run(given.name, caller);
        return summary === null || run === null
          ? httpAnswers.notFoundByName('campaign', given.name)
          : httpAnswers.campaignRun(summary.contactListName, summary.createdAt, run);
      }
      case 'start': {
        const start = container.get<StartCampaign>(StartCampaignToken);
        return httpAnswers.runOutcome(await start.start(given.name, given.settings, caller), 'start');
      }
      default: {
        const change = container.get<ChangeCampaignStatus>(ChangeCampaignStatusToken);
        return httpAnswers.runOutcome(await change.change(given.name, given.action, caller), given.action);
      }
    }
  } finally {
    await close();
  }
}
