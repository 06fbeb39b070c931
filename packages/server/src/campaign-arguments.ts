import { parseArgs } from 'node:util';

type CampaignAction = 'start' | 'pause' | 'resume' | 'cancel' | 'show';

const ACTIONS: readonly CampaignAction[] = ['start', 'pause', 'resume', 'cancel', 'show'];

export interface CampaignArguments {
  readonly action: CampaignAction;
  readonly name: string;
  /** The start's settings as the API takes them: `{}` for a start without options. */
  readonly settings: Record<string, unknown>;
  /** A running server to ask instead of this process's storage. */
  readonly url: string | undefined;
  /** Print the answer's data as JSON, for scripts. */
  readonly json: boolean;
}

export const CAMPAIGN_USAGE = `usage: outbound campaign start|pause|resume|cancel|show NAME [--url URL] [--json] [settings]
  start a campaign, pause it, resume it, cancel it, or show how far it got: in this process, over
  the storage DATABASE_URL names, or on the server at --url (OUTBOUND_API_KEY: the owner's key)
settings, with start only (each optional; see POST /campaigns/{name}/start):
  --start-at ISO              --end-at ISO                 instants, as 2026-03-08T09:00:00Z
  --hours HH:MM-HH:MM         --days mon,tue,...           calling hours, in each contact's zone
  --default-time-zone ZONE    for numbers of no known zone, as Asia/Kolkata
  --max-concurrent N          --calls-per-minute N         pacing, across every server process
  --max-attempts N            --retry-after-minutes N      --retry-on no-answer,busy,failed
exit codes: 0 done (a replay included), 1 refused (a setting, no such campaign, not in that
  status), 2 usage error, 3 the storage or the server failed`;

export class CampaignUsageError extends Error {
  override readonly name = 'CampaignUsageError';
}

const SETTINGS_OPTIONS = [
  'start-at',
  'end-at',
  'hours',
  'days',
  'default-time-zone',
  'max-concurrent',
  'calls-per-minute',
  'max-attempts',
  'retry-after-minutes',
  'retry-on',
] as const;

/** A number when the text is one, the text otherwise: the API then names the field that is wrong. */
const numberOr = (text: string): number | string => (/^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text);
const listOf = (text: string): string[] => text.split(',').map((item) => item.trim());

/** The start's settings the options give, shaped as the API's body. */
function settingsOf(values: Partial<Record<(typeof SETTINGS_OPTIONS)[number], string>>): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  if (values['start-at'] !== undefined) settings['startAt'] = values['start-at'];
  if (values['end-at'] !== undefined) settings['endAt'] = values['end-at'];
  if (values.hours !== undefined || values.days !== undefined) {
    const [from, to] = (values.hours ?? '').split('-');
    settings['callingHours'] = {
      from: from ?? '',
      to: to ?? '',
      ...(values.days === undefined ? {} : { days: listOf(values.days) }),
    };
  }
  if (values['default-time-zone'] !== undefined) settings['defaultTimeZone'] = values['default-time-zone'];
  if (values['max-concurrent'] !== undefined) settings['maxConcurrentCalls'] = numberOr(values['max-concurrent']);
  if (values['calls-per-minute'] !== undefined) settings['callsPerMinute'] = numberOr(values['calls-per-minute']);
  const retry: Record<string, unknown> = {};
  if (values['max-attempts'] !== undefined) retry['maxAttempts'] = numberOr(values['max-attempts']);
  if (values['retry-after-minutes'] !== undefined) retry['afterMinutes'] = numberOr(values['retry-after-minutes']);
  if (values['retry-on'] !== undefined) retry['on'] = listOf(values['retry-on']);
  if (Object.keys(retry).length > 0) settings['retry'] = retry;
  return settings;
}

/** Reads `outbound campaign`'s arguments; throws a CampaignUsageError naming what is wrong. */
export function campaignArguments(args: readonly string[]): CampaignArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        json: { type: 'boolean' },
        ...Object.fromEntries(SETTINGS_OPTIONS.map((option) => [option, { type: 'string' as const }])),
      },
    });
  } catch (error) {
    throw new CampaignUsageError(error instanceof Error ? error.message : String(error));
  }
  const [action, name, ...more] = parsed.positionals;
  if (!ACTIONS.includes(action as CampaignAction)) {
    throw new CampaignUsageError(`the first argument must be one of ${ACTIONS.join(', ')}`);
  }
  if (name === undefined || name === '' || more.length > 0) throw new CampaignUsageError('name one campaign');
  const values = parsed.values as Partial<Record<(typeof SETTINGS_OPTIONS)[number], string>> & {
    url?: string;
    json?: boolean;
  };
  const given = SETTINGS_OPTIONS.filter((option) => values[option] !== undefined);
  if (action !== 'start' && given.length > 0) {
    throw new CampaignUsageError(`--${given[0] ?? ''} is a setting of start only`);
  }
  return {
    action: action as CampaignAction,
    name,
    settings: settingsOf(values),
    url: values.url,
    json: values.json === true,
  };
}
