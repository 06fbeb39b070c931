import { ownerOf, type Caller } from './caller.js';
import { contactCallView, type ContactCallView } from './campaign-run-view.js';
import type { CallPage, CampaignRuns } from './campaign-runs.js';
import type { CampaignStatus } from './campaign-status.js';
import type { CampaignPosition, CampaignSummary, CampaignUploader } from './campaign-uploader.js';
import type { Clock } from './clock.js';
import type { ContactListOverview, ContactListSummary, ContactRepository } from './contact-repository.js';
import type { ContactRow } from './contact-row.js';
import type { RowPage, RowPageQuery } from './row-page.js';

/** How many rows or campaigns a page holds unless the caller asks otherwise. */
export const DEFAULT_PAGE_SIZE = 100;
/** The most rows or campaigns one page may hold. */
export const MAX_PAGE_SIZE = 1_000;

export interface PageRequest {
  /** From 1 to {@link MAX_PAGE_SIZE}. */
  readonly limit: number;
}

/** A page of a list's or campaign's rows. */
export interface RowsRead<Summary> {
  readonly summary: Summary;
  readonly rows: readonly ContactRow[];
  /** Where the next page starts, or null when this page holds the last row. */
  readonly nextPosition: number | null;
}

/** A page of a campaign's rows, and where each row's contact stands in the campaign's run. */
export interface CampaignRowsRead extends RowsRead<CampaignSummary> {
  /**
   * One per row, in the same order: its contact's calls as of the read; all null before the
   * campaign is started.
   */
  readonly calls: readonly (ContactCallView | null)[];
}

/** A page of campaigns, newest first. */
export interface CampaignsRead {
  readonly campaigns: readonly CampaignSummary[];
  /** Where the next page starts, or null when this page holds the oldest campaign. */
  readonly next: CampaignPosition | null;
}

/**
 * Reads back what {@link CreateContactAndCampaign} stored, and, beside a started campaign's rows,
 * where each contact's calls stand, as of the clock's time. A caller reads its own names only: a
 * caller known by a key name what was created with that name, so that one client never reads
 * another's contacts, and a caller without one (a server without keys) what was created without a
 * key. Another owner's list or campaign is absent, not forbidden, so that names reveal nothing
 * either; each owner's names are its own, so the same name may be another list for another caller.
 */
export class ReadContactsAndCampaigns {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly campaignStore: CampaignUploader,
    private readonly runs: CampaignRuns,
    private readonly clock: Clock,
  ) {}

  async contactList(name: string, caller: Caller = {}): Promise<ContactListOverview | null> {
    return this.contacts.findOverview({ createdBy: ownerOf(caller), name });
  }

  async contactListRows(
    name: string,
    query: RowPageQuery,
    caller: Caller = {},
  ): Promise<RowsRead<ContactListSummary> | null> {
    checkPage(query.limit, query.fromPosition);
    return rowsRead(query.fromPosition, await this.contacts.readRows({ createdBy: ownerOf(caller), name }, query));
  }

  async campaign(name: string, caller: Caller = {}): Promise<CampaignSummary | null> {
    return this.campaignStore.findSummary({ createdBy: ownerOf(caller), name });
  }

  async campaignRows(name: string, query: RowPageQuery, caller: Caller = {}): Promise<CampaignRowsRead | null> {
    checkPage(query.limit, query.fromPosition);
    const campaign = { createdBy: ownerOf(caller), name };
    const read = rowsRead(query.fromPosition, await this.campaignStore.readRows(campaign, query));
    if (read === null) return null;
    const now = this.clock.now();
    // Rows never change once stored, so the calls of the same positions, read next, are theirs.
    const page = await this.runs.readCalls(campaign, query);
    return page === null ? null : { ...read, calls: callsOf(read.rows.length, page, now) };
  }

  async campaigns(
    { after, limit, status }: PageRequest & { readonly after?: CampaignPosition; readonly status?: CampaignStatus },
    caller: Caller = {},
  ): Promise<CampaignsRead> {
    checkPage(limit, 0);
    // One more than the page holds tells whether another page follows.
    const found = await this.campaignStore.findNewestFirst({
      limit: limit + 1,
      ...(after === undefined ? {} : { after }),
      ...(status === undefined ? {} : { status }),
      createdBy: ownerOf(caller),
    });
    const campaigns = found.slice(0, limit);
    const last = campaigns.at(-1);
    return {
      campaigns,
      next: found.length > limit && last !== undefined ? { createdAt: last.createdAt, name: last.name } : null,
    };
  }
}

export const ReadContactsAndCampaignsToken: unique symbol = Symbol.for('@outbound/domain/ReadContactsAndCampaigns');

function rowsRead<Summary extends { readonly rowCount: number }>(
  fromPosition: number,
  page: RowPage<Summary> | null,
): RowsRead<Summary> | null {
  if (page === null) return null;
  const end = fromPosition + page.rows.length;
  return { ...page, nextPosition: end < page.summary.rowCount ? end : null };
}

/** The calls of a page of `rowCount` rows as of `now`: all null before the start. */
function callsOf(rowCount: number, { settings, calls }: CallPage, now: Date): (ContactCallView | null)[] {
  if (settings === null) return Array.from({ length: rowCount }, () => null);
  if (calls.length !== rowCount) throw new Error(`a page of ${rowCount} rows has ${calls.length} calls`);
  return calls.map((call) => contactCallView(call, settings.callingHours, now));
}

/** The edge checks what a client asks for; a page outside these bounds is a bug of the caller's. */
function checkPage(limit: number, fromPosition: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE} (got ${limit})`);
  }
  if (!Number.isSafeInteger(fromPosition) || fromPosition < 0) {
    throw new RangeError(`fromPosition must be a whole number (got ${fromPosition})`);
  }
}
