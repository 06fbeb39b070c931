import createClient from 'openapi-fetch';
import type { paths } from './outbound-api.js';

type CreateRequest = NonNullable<
  paths['/createContactAndCampaign']['post']['requestBody']
>['content']['application/json'];
type CampaignsQuery = NonNullable<paths['/campaigns']['get']['parameters']['query']>;

/** Rows with custom fields of every kind of JSON value, which the generated row type must take. */
export const aRequest = {
  identifierName: 'typed_client',
  userData: [
    {
      phone_number: '+91 98765-43210',
      name: 'Asha Rao',
      vip: true,
      email: 'asha@example.com',
      score: 9.5,
      tags: ['gold', 2, null],
      address: { city: 'Pune', floors: [1, 2] },
    },
    { phone_number: '919876543211', vip: false },
  ],
} satisfies CreateRequest;

// The generated types are neither `any` nor closed: what the document refuses does not compile.
// @ts-expect-error a phone number is a string
export const aNumberAsPhone: CreateRequest = { identifierName: 'x', userData: [{ phone_number: 919876543210 }] };
// @ts-expect-error a custom field holds a JSON value, which a Date is not
export const aDateField: CreateRequest = { identifierName: 'x', userData: [{ phone_number: '1', when: new Date() }] };
// @ts-expect-error campaigns are listed by one of their statuses, which `started` is not
export const anUnknownStatus: CampaignsQuery = { status: 'started' };

/** Calls every operation of the document through a client typed by it, and tells what each answered. */
export async function callEveryOperation(baseUrl: string) {
  const client = createClient<paths>({ baseUrl });

  const created = await client.POST('/createContactAndCampaign', { body: aRequest });
  if (created.data === undefined) throw new Error(`create answered ${created.response.status}`);
  const { contactListName, campaignName } = created.data.data;
  const replayed = await client.POST('/createContactAndCampaign', { body: aRequest });
  const conflict = await client.POST('/createContactAndCampaign', {
    body: { identifierName: aRequest.identifierName, userData: [{ phone_number: '+14155550100', vip: 'yes' }] },
  });

  const list = await client.GET('/contactLists/{name}', { params: { path: { name: contactListName } } });
  const firstPage = await client.GET('/contactLists/{name}/contacts', {
    params: { path: { name: contactListName }, query: { limit: 1 } },
  });
  const cursor = firstPage.data?.data.nextCursor ?? undefined;
  const secondPage = await client.GET('/contactLists/{name}/contacts', {
    params: { path: { name: contactListName }, query: { limit: 1, ...(cursor === undefined ? {} : { cursor }) } },
  });
  const campaigns = await client.GET('/campaigns', { params: { query: { limit: 10 } } });
  const running = await client.GET('/campaigns', { params: { query: { status: 'running' } } });
  const campaign = await client.GET('/campaigns/{name}', { params: { path: { name: campaignName } } });
  const campaignRows = await client.GET('/campaigns/{name}/contacts', { params: { path: { name: campaignName } } });
  const missing = await client.GET('/campaigns/{name}', { params: { path: { name: 'VoiceGenie_campaign_missing' } } });

  const headers = await client.HEAD('/campaigns/{name}', { params: { path: { name: campaignName } } });
  const options = await client.OPTIONS('/campaigns/{name}', { params: { path: { name: campaignName } } });
  const refused = await client.DELETE('/campaigns/{name}', { params: { path: { name: campaignName } } });

  const healthz = await client.GET('/healthz');
  const readyz = await client.GET('/readyz');
  const metrics = await client.GET('/metrics', { parseAs: 'text' });
  const document = await client.GET('/openapi.json');
  const reference = await client.GET('/docs', { parseAs: 'text' });

  // Custom fields come back typed as JSON values: each is read without a cast.
  const [first] = firstPage.data?.data.contacts ?? [];
  const email: string | undefined = typeof first?.email === 'string' ? first.email : undefined;
  const [second] = secondPage.data?.data.contacts ?? [];

  return {
    created: created.data.data,
    replayed: replayed.data?.data.replayed,
    conflictingName:
      conflict.error !== undefined && 'conflictingName' in conflict.error.data
        ? conflict.error.data.conflictingName
        : undefined,
    list: list.data?.data,
    firstRow: first,
    email,
    secondRow: second,
    campaignNames: campaigns.data?.data.campaigns.map(({ name }) => name),
    runningCampaignNames: running.data?.data.campaigns.map(({ name }) => name),
    campaign: campaign.data?.data,
    campaignRowCount: campaignRows.data?.data.contacts.length,
    // One per row, null before the campaign is started: a typed client reads its state without a cast.
    campaignCallStates: campaignRows.data?.data.calls.map((call) => call?.state ?? null),
    missing: { status: missing.response.status, message: missing.error?.data.message },
    headers: { status: headers.response.status, type: headers.response.headers.get('content-type') },
    allowed: options.data?.data.allow,
    refused: { status: refused.response.status, message: refused.error?.data.message },
    healthz: healthz.data?.data.message,
    readyz: readyz.data?.data.message,
    metricsMention: metrics.data?.includes('outbound_http_requests_total'),
    openapi: document.data?.openapi,
    referenceIsHtml: reference.data?.startsWith('<!DOCTYPE html>'),
  };
}
