import { apiKeyOwner } from './api-key-owner.js';
import { CAMPAIGN_USAGE, CampaignUsageError, campaignArguments, type CampaignArguments } from './campaign-arguments.js';
import { CampaignExitCode, reportCampaignAnswer } from './campaign-report.js';
import { ServerUnreachable, askInProcess, askServer, type CampaignAnswer } from './campaign-target.js';
import { PinoLogger } from './pino-logger.js';
import { readServerConfig } from './server-config.js';

/**
 * `outbound campaign start|pause|resume|cancel|show NAME`: asks the server at `--url`, or the use
 * cases in this process over the storage the settings name, and prints the answer; resolves the
 * exit code.
 */
export async function campaignCommand(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(CAMPAIGN_USAGE);
    return CampaignExitCode.done;
  }
  let given: CampaignArguments;
  try {
    given = campaignArguments(args);
  } catch (error) {
    if (!(error instanceof CampaignUsageError)) throw error;
    console.error(`outbound campaign: ${error.message}\n${CAMPAIGN_USAGE}`);
    return CampaignExitCode.usage;
  }
  const apiKey = env['OUTBOUND_API_KEY'] || undefined;
  let answer: CampaignAnswer;
  try {
    answer =
      given.url === undefined ? await inThisProcess(given, env, apiKey) : await askServer(given, given.url, apiKey);
  } catch (error) {
    if (error instanceof CampaignUsageError) {
      console.error(`outbound campaign: ${error.message}`);
      return CampaignExitCode.usage;
    }
    if (!(error instanceof ServerUnreachable)) throw error;
    console.error(`outbound campaign: ${error.message}`);
    return CampaignExitCode.failed;
  }
  return reportCampaignAnswer(answer, given.json);
}

async function inThisProcess(
  given: CampaignArguments,
  env: NodeJS.ProcessEnv,
  apiKey: string | undefined,
): Promise<CampaignAnswer> {
  const config = readServerConfig(env, process.cwd());
  const owner = apiKeyOwner(config, apiKey);
  if (owner === null)
    throw new CampaignUsageError('OUTBOUND_API_KEY is not one of the keys in API_KEYS or API_KEYS_FILE');
  // Logs go to stderr, and only warnings unless LOG_LEVEL says otherwise: stdout is the report.
  const logger = await PinoLogger.create({
    level: env['LOG_LEVEL'] ? config.logLevel : 'warn',
    format: config.logFormat,
    destination: process.stderr,
  });
  return askInProcess(given, config, logger, owner);
}
