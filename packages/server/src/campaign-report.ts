import type { CampaignAnswer } from './campaign-target.js';

/** What `outbound campaign` exits with; its usage text tells the same. */
export const CampaignExitCode = { done: 0, refused: 1, usage: 2, failed: 3 } as const;

type Counts = Readonly<Record<string, number>>;

/** `name 3, other 1`, the counts that are not zero; `none` when all are. */
function countsLine(counts: Counts | undefined): string {
  const listed = Object.entries(counts ?? {}).filter(([, count]) => count > 0);
  return listed.length === 0 ? 'none' : listed.map(([name, count]) => `${name} ${count}`).join(', ');
}

/** The run an answer holds, as lines for a person: never a phone number, only names and counts. */
function runLines(data: Readonly<Record<string, unknown>>): string[] {
  const settings = data['settings'] === null ? 'not started' : JSON.stringify(data['settings']);
  return [
    `campaign ${String(data['name'])}: ${String(data['status'])}`,
    `  settings  ${settings}`,
    `  contacts  ${countsLine(data['contacts'] as Counts)} (of ${String(data['rowCount'])})`,
    `  outcomes  ${countsLine(data['outcomes'] as Counts)}`,
    `  attempts  ${String(data['attempts'])}`,
  ];
}

/**
 * Prints an answer: the run for a person (or the answer's data as JSON with `json`) on stdout, a
 * refusal with each problem on stderr; answers the exit code.
 */
export function reportCampaignAnswer({ status, body }: CampaignAnswer, json: boolean): number {
  if (status < 300) {
    console.log(json ? JSON.stringify(body.data, null, 2) : runLines(body.data).join('\n'));
    return CampaignExitCode.done;
  }
  console.error(`outbound campaign: ${body.message}`);
  const problems = (body.data['problems'] ?? []) as readonly { field: string; message: string }[];
  for (const { field, message } of problems) console.error(`  ${field} ${message}`);
  return status >= 500 ? CampaignExitCode.failed : CampaignExitCode.refused;
}
