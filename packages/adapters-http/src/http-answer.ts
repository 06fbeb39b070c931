import {
  clipped,
  type CampaignSummary,
  type ContactListOverview,
  type ContactRow,
  type CreateContactAndCampaignOutcome,
} from '@outbound/domain';
import { failedEnvelope, type Envelope } from './envelope.js';

/** What the HTTP adapter sends back: status, body and any extra headers. */
export interface HttpAnswer {
  readonly status: number;
  readonly body: Envelope;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Every outcome of the use case and every refusal of the HTTP layer, mapped to its answer in this
 * one place. The 200 and both 500 bodies are the spec's, string for string.
 */
export const httpAnswers = {
  outcome(outcome: CreateContactAndCampaignOutcome): HttpAnswer {
    switch (outcome.code) {
      case 'succeeded': {
        const { code: _code, ...details } = outcome;
        return {
          status: 200,
          body: { status: 'success', data: { message: 'Done', ...details }, message: 'Contact and campaign created.' },
          ...(outcome.replayed ? { headers: { 'Idempotent-Replayed': 'true' } } : {}),
        };
      }
      case 'invalid-command':
        return httpAnswers.invalidRequest(outcome.problems, outcome.problemCount);
      case 'name-conflict':
        return {
          status: 409,
          body: failedEnvelope('name already taken', 'identifierName is already used with other rows!', {
            problems: [
              { field: 'identifierName', message: `is already used with other rows (${outcome.conflictingName})` },
            ],
            problemCount: 1,
            conflictingName: outcome.conflictingName,
            contactListName: outcome.contactListName,
            campaignName: outcome.campaignName,
          }),
        };
      case 'contact-creation-failed':
        return { status: 500, body: failedEnvelope('create contact failed', 'contact creation failed!') };
      case 'campaign-creation-failed':
        return { status: 500, body: failedEnvelope('create campaign failed', 'campaign creation failed!') };
    }
  },

  invalidRequest(problems: readonly { field: string; message: string }[], problemCount = problems.length): HttpAnswer {
    const first = problems[0];
    const summary = first === undefined ? 'invalid request' : `${first.field} ${first.message}`;
    return {
      status: 400,
      body: failedEnvelope(summary, 'invalid request!', { problems, problemCount }),
    };
  },

  malformedJson(reason: string): HttpAnswer {
    // The parser's reason may quote the body.
    return httpAnswers.invalidRequest([{ field: 'body', message: `is not valid JSON: ${clipped(reason)}` }]);
  },

  undecodableBody(contentEncoding: string): HttpAnswer {
    return httpAnswers.invalidRequest([
      { field: 'body', message: `is not valid ${clipped(contentEncoding)} data, as its Content-Encoding says it is` },
    ]);
  },

  tooLarge(limitBytes: number): HttpAnswer {
    return {
      status: 413,
      body: failedEnvelope('request body too large', `request body is larger than ${limitBytes} bytes!`, {
        limitBytes,
      }),
    };
  },

  unsupportedMediaType(contentType: string | undefined): HttpAnswer {
    return {
      status: 415,
      body: failedEnvelope('unsupported media type', 'request body must be JSON (Content-Type: application/json)!', {
        contentType: contentType === undefined ? null : clipped(contentType),
      }),
    };
  },

  unsupportedCharset(charset: string): HttpAnswer {
    return {
      status: 415,
      body: failedEnvelope(
        'unsupported charset',
        'request body must be JSON in UTF-8 (Content-Type: application/json; charset=utf-8)!',
        { charset: clipped(charset) },
      ),
    };
  },

  notFound(method: string, path: string): HttpAnswer {
    return { status: 404, body: failedEnvelope('not found', `no route for ${clipped(method)} ${clipped(path)}!`) };
  },

  methodNotAllowed(method: string, path: string, allowed: string): HttpAnswer {
    return {
      status: 405,
      body: failedEnvelope(
        'method not allowed',
        `${clipped(method)} is not allowed on ${clipped(path)}; use ${allowed}!`,
      ),
      headers: { Allow: allowed },
    };
  },

  allowedMethods(path: string, allowed: string): HttpAnswer {
    return {
      status: 200,
      body: {
        status: 'success',
        data: { message: 'allowed methods', allow: allowed },
        message: `${allowed} allowed on ${clipped(path)}.`,
      },
      headers: { Allow: allowed },
    };
  },

  clientError(status: number, reason: string): HttpAnswer {
    const text = clipped(reason.toLowerCase());
    return { status, body: failedEnvelope(text, `${text}!`) };
  },

  /** What Node's HTTP parser refuses before any middleware sees the request, by its error code. */
  unparsableRequest(code: string | undefined): HttpAnswer {
    if (code === 'HPE_HEADER_OVERFLOW') {
      return { status: 431, body: failedEnvelope('request header fields too large', 'request headers are too large!') };
    }
    if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      return { status: 408, body: failedEnvelope('request timeout', 'the request took too long to arrive!') };
    }
    return { status: 400, body: failedEnvelope('bad request', 'the request is not valid HTTP!') };
  },

  unauthorized(): HttpAnswer {
    return {
      status: 401,
      body: failedEnvelope('missing or invalid API key', 'unauthorized!'),
      headers: { 'WWW-Authenticate': 'Bearer' },
    };
  },

  tooManyRequests(retryAfterSeconds: number): HttpAnswer {
    return {
      status: 429,
      body: failedEnvelope('too many requests', `too many requests; retry after ${retryAfterSeconds} seconds!`, {
        retryAfterSeconds,
      }),
      headers: { 'Retry-After': String(retryAfterSeconds) },
    };
  },

  /** Admission control turned the request away before it touched the storage. */
  busy(retryAfterSeconds: number): HttpAnswer {
    return {
      status: 503,
      body: failedEnvelope('server busy', `too many writes are waiting; retry after ${retryAfterSeconds} seconds!`, {
        retryAfterSeconds,
      }),
      headers: { 'Retry-After': String(retryAfterSeconds) },
    };
  },

  contactList({ name, rowCount, createdAt, campaignName }: ContactListOverview): HttpAnswer {
    return found({ name, rowCount, createdAt: createdAt.toISOString(), campaignName }, 'Contact list found.');
  },

  campaign(summary: CampaignSummary): HttpAnswer {
    return found(campaignFields(summary), 'Campaign found.');
  },

  /** A page of the rows of a list or a campaign, each as a row of `userData`. */
  contacts(
    owner: { readonly name: string; readonly rowCount: number },
    rows: readonly ContactRow[],
    nextCursor: string | null,
  ): HttpAnswer {
    return found(
      { name: owner.name, rowCount: owner.rowCount, contacts: rows.map(asUserDataRow), nextCursor },
      'Contacts found.',
    );
  },

  campaigns(campaigns: readonly CampaignSummary[], nextCursor: string | null): HttpAnswer {
    return found({ campaigns: campaigns.map(campaignFields), nextCursor }, 'Campaigns found.');
  },

  /** No list or campaign of this name that the caller may see. */
  notFoundByName(kind: 'contact list' | 'campaign', name: string): HttpAnswer {
    return {
      status: 404,
      body: failedEnvelope(`${kind} not found`, `there is no ${kind} named ${clipped(name)}!`, { name: clipped(name) }),
    };
  },

  alive(): HttpAnswer {
    return { status: 200, body: { status: 'success', data: { message: 'alive' }, message: 'The process is running.' } };
  },

  ready(): HttpAnswer {
    return { status: 200, body: { status: 'success', data: { message: 'ready' }, message: 'The storage answers.' } };
  },

  notReady(): HttpAnswer {
    return { status: 503, body: failedEnvelope('not ready', 'the storage does not answer!') };
  },

  stopping(): HttpAnswer {
    return { status: 503, body: failedEnvelope('stopping', 'the server is stopping!') };
  },

  internalError(): HttpAnswer {
    return { status: 500, body: failedEnvelope('internal error', 'internal error!') };
  },
} as const;

function found(data: Record<string, unknown>, message: string): HttpAnswer {
  return { status: 200, body: { status: 'success', data: { message: 'found', ...data }, message } };
}

function campaignFields({ name, contactListName, status, rowCount, createdAt }: CampaignSummary) {
  return { name, contactListName, status, rowCount, createdAt: createdAt.toISOString() };
}

/** A stored row in the shape a caller sends it: the phone number in canonical form, the name, then each custom field. */
function asUserDataRow({ phoneNumber, name, otherDetails }: ContactRow): Record<string, unknown> {
  return { phone_number: phoneNumber, name, ...otherDetails };
}
