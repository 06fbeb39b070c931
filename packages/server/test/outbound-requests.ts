/** What a test reads of an answer of the `outbound` command's HTTP API. */
export interface Answer {
  readonly status: number;
  readonly body: {
    status: string;
    data: { message: string; rowsStored?: number; replayed?: boolean; [detail: string]: unknown };
    message: string;
  };
}

async function answerOf(response: Response): Promise<Answer> {
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/** POSTs `body` as JSON to `path` of the server at `url`. */
export async function postTo(url: string, path: string, body: unknown): Promise<Answer> {
  return answerOf(
    await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

export async function post(url: string, body: unknown): Promise<Answer> {
  return postTo(url, '/createContactAndCampaign', body);
}

export async function get(url: string, path: string): Promise<Answer> {
  return answerOf(await fetch(`${url}${path}`));
}

/** The spec's answer when the contact list could not be stored. */
export const contactFailure = {
  status: 500,
  body: { status: 'failed', data: { message: 'create contact failed' }, message: 'contact creation failed!' },
};

/** The spec's answer when the campaign could not be stored. */
export const campaignFailure = {
  status: 500,
  body: { status: 'failed', data: { message: 'create campaign failed' }, message: 'campaign creation failed!' },
};

/** Rows of distinct numbers, each with a name and a custom field; `seed` keeps sets apart. */
export function userData(count: number, seed = 1) {
  return Array.from({ length: count }, (_, index) => ({
    phone_number: `+1 ${String(2_000_000_000 + seed * 100_000 + index)}`,
    name: `Person ${index}`,
    plan: { tier: index % 3 },
  }));
}

/** Resolves once `condition` holds, looking again at each turn; rejects after `withinMs`. */
export async function until(condition: () => boolean | Promise<boolean>, withinMs = 15_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`still not so after ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
