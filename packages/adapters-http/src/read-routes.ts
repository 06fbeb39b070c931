import type Router from '@koa/router';
import {
  CAMPAIGN_STATUSES,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type Caller,
  type CampaignStatus,
  type ReadContactsAndCampaigns,
  type RowPageQuery,
  type RowsRead,
} from '@outbound/domain';
import type { Context } from 'koa';
import { httpAnswers, type HttpAnswer } from './http-answer.js';
import { campaignCursor, rowCursor, type RowOwner } from './page-cursor.js';
import type { CampaignRunsPort } from './run-routes.js';
import { sendAnswer } from './send-answer.js';
import { nameRoute, servingState } from './serving-state.js';

/** The part of the read side the HTTP adapter calls. */
export type ReadContactsAndCampaignsPort = Pick<
  ReadContactsAndCampaigns,
  'contactList' | 'contactListRows' | 'campaign' | 'campaignRows' | 'campaigns'
>;

const READ_PATHS = {
  contactList: '/contactLists/:name',
  contactListContacts: '/contactLists/:name/contacts',
  campaigns: '/campaigns',
  campaign: '/campaigns/:name',
  campaignContacts: '/campaigns/:name/contacts',
} as const;

/** Who is asking, as authentication found out: a caller with a key sees only what was created with it. */
function callerOf(ctx: Context): Caller {
  const { keyName } = servingState(ctx);
  return keyName === undefined ? {} : { createdBy: keyName };
}

/** Adds the read endpoints to the adapter's router; every answer is the envelope, every bad parameter a 400 naming it. */
export function addReadRoutes(
  router: Router,
  reads: ReadContactsAndCampaignsPort,
  runs?: CampaignRunsPort['read'],
): void {
  const nameOf = (ctx: Context): string => (ctx.params as { name: string }).name;

  router.get(READ_PATHS.contactList, nameRoute, async (ctx) => {
    const name = nameOf(ctx);
    const list = await reads.contactList(name, callerOf(ctx));
    sendAnswer(ctx, list === null ? httpAnswers.notFoundByName('contact list', name) : httpAnswers.contactList(list));
  });

  router.get(READ_PATHS.campaign, nameRoute, async (ctx) => {
    const name = nameOf(ctx);
    const campaign = await reads.campaign(name, callerOf(ctx));
    if (campaign === null) return sendAnswer(ctx, httpAnswers.notFoundByName('campaign', name));
    const run = runs === undefined ? null : await runs.run(name, callerOf(ctx));
    sendAnswer(
      ctx,
      run === null
        ? httpAnswers.campaign(campaign)
        : httpAnswers.campaignRun(campaign.contactListName, campaign.createdAt, run),
    );
  });

  router.get(READ_PATHS.contactListContacts, nameRoute, async (ctx) => {
    const name = nameOf(ctx);
    sendAnswer(
      ctx,
      await rowsAnswer(
        ctx,
        { kind: 'contact-list', name },
        (page) => reads.contactListRows(name, page, callerOf(ctx)),
        (read, nextCursor) => httpAnswers.contacts({ ...read.summary, rows: read.rows, nextCursor }),
      ),
    );
  });

  router.get(READ_PATHS.campaignContacts, nameRoute, async (ctx) => {
    const name = nameOf(ctx);
    sendAnswer(
      ctx,
      await rowsAnswer(
        ctx,
        { kind: 'campaign', name },
        (page) => reads.campaignRows(name, page, callerOf(ctx)),
        (read, nextCursor) =>
          httpAnswers.campaignContacts({ ...read.summary, rows: read.rows, nextCursor }, read.calls),
      ),
    );
  });

  router.get(READ_PATHS.campaigns, nameRoute, async (ctx) => {
    const limit = limitOf(ctx);
    if (typeof limit !== 'number') return sendAnswer(ctx, limit);
    const status = statusOf(ctx);
    if (typeof status === 'object') return sendAnswer(ctx, status);
    const cursor = cursorOf(ctx);
    if (typeof cursor === 'object') return sendAnswer(ctx, cursor);
    // A cursor names a place in the order newest first, which a status filter keeps: it serves any filter.
    const after = cursor === undefined ? undefined : campaignCursor.positionOf(cursor);
    if (after === null) return sendAnswer(ctx, badCursor('is not a cursor of this list of campaigns'));
    const read = await reads.campaigns(
      { limit, ...(after === undefined ? {} : { after }), ...(status === undefined ? {} : { status }) },
      callerOf(ctx),
    );
    sendAnswer(ctx, httpAnswers.campaigns(read.campaigns, read.next === null ? null : campaignCursor.of(read.next)));
  });
}

/** How an answer names each kind of owner of rows. */
const KIND_NAMES = { 'contact-list': 'contact list', campaign: 'campaign' } as const;

/** A page of the rows of a list or a campaign, as `answerOf` answers it once read. */
async function rowsAnswer<Read extends RowsRead<{ name: string; rowCount: number; createdAt: Date }>>(
  ctx: Context,
  { kind, name }: { readonly kind: RowOwner['kind']; readonly name: string },
  read: (page: RowPageQuery) => Promise<Read | null>,
  answerOf: (read: Read, nextCursor: string | null) => HttpAnswer,
): Promise<HttpAnswer> {
  const limit = limitOf(ctx);
  if (typeof limit !== 'number') return limit;
  const cursor = cursorOf(ctx);
  if (typeof cursor === 'object') return cursor;
  const fromPosition = cursor === undefined ? 0 : rowCursor.positionOf(cursor);
  if (fromPosition === null) return badCursor('is not a cursor of these contacts');
  const page = await read({ fromPosition, limit });
  if (page === null) return httpAnswers.notFoundByName(KIND_NAMES[kind], name);
  const owner: RowOwner = { kind, name: page.summary.name, createdAt: page.summary.createdAt };
  // Checked once the owner is known: a cursor of another list, or of this name stored again, is refused.
  if (cursor !== undefined && !rowCursor.belongsTo(cursor, owner)) {
    return badCursor(`belongs to another ${KIND_NAMES[kind]}`);
  }
  return answerOf(page, page.nextPosition === null ? null : rowCursor.of(owner, page.nextPosition));
}

const WHOLE_NUMBER = /^[1-9][0-9]{0,3}$/;

function limitOf(ctx: Context): number | HttpAnswer {
  const given = ctx.query.limit;
  if (given === undefined) return DEFAULT_PAGE_SIZE;
  const limit = typeof given === 'string' && WHOLE_NUMBER.test(given) ? Number(given) : NaN;
  if (limit <= MAX_PAGE_SIZE) return limit;
  return httpAnswers.invalidRequest([
    { field: 'limit', message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}, given once` },
  ]);
}

const isCampaignStatus = (given: unknown): given is CampaignStatus =>
  (CAMPAIGN_STATUSES as readonly unknown[]).includes(given);

function statusOf(ctx: Context): CampaignStatus | undefined | HttpAnswer {
  const given = ctx.query.status;
  if (given === undefined || isCampaignStatus(given)) return given;
  return httpAnswers.invalidRequest([
    { field: 'status', message: `must be one of ${CAMPAIGN_STATUSES.join(', ')}, given once` },
  ]);
}

function cursorOf(ctx: Context): string | undefined | HttpAnswer {
  const given = ctx.query.cursor;
  if (given === undefined || typeof given === 'string') return given;
  return badCursor('must be given once');
}

function badCursor(message: string): HttpAnswer {
  return httpAnswers.invalidRequest([{ field: 'cursor', message }]);
}
