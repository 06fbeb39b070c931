import type { CampaignStatus } from './campaign-status.js';
import type { ContactRow } from './contact-row.js';
import type { OwnedName } from './owned-name.js';
import type { RowPage, RowPageQuery } from './row-page.js';

/** A campaign to be stored, under its owner's names (`createdBy`: who asked for it). */
export interface CampaignDraft extends OwnedName {
  /** The contact list the campaign calls, one of the same owner's; it must exist. */
  readonly contactListName: string;
  /** A new campaign waits to be started. */
  readonly status: 'not-yet-started';
  readonly rows: readonly ContactRow[];
}

/** What is known of a stored campaign without reading its rows; its owner and name find it. */
export interface CampaignSummary extends OwnedName {
  /** Its contact list, held by the same owner. */
  readonly contactListName: string;
  readonly status: CampaignStatus;
  readonly rowCount: number;
  readonly createdAt: Date;
}

/** A stored campaign with its rows, in the order they were stored. */
export interface Campaign extends CampaignSummary {
  readonly rows: readonly ContactRow[];
}

/** Where a page of campaigns, newest first, starts. */
export interface CampaignPosition {
  /** The `createdAt` of the last campaign of the page before. */
  readonly createdAt: Date;
  /** The `name` of the last campaign of the page before. */
  readonly name: string;
}

export interface CampaignPageQuery {
  /** Only campaigns after this one in the order newest first; from the newest when absent. */
  readonly after?: CampaignPosition;
  /** The owner whose campaigns are listed; null lists those created without a key. */
  readonly createdBy: string | null;
  /** The most campaigns answered, at least 1. */
  readonly limit: number;
  /** Only campaigns of this status; of any status when absent. */
  readonly status?: CampaignStatus;
}

export type UploadCampaignResult =
  | { readonly status: 'created'; readonly campaign: CampaignSummary }
  | {
      readonly status: 'exists';
      readonly campaign: CampaignSummary;
      /** Whether the stored rows equal the draft's, compared as a contact list's are (`CreateContactListResult`). */
      readonly sameRows: boolean;
    };

/** Raised by {@link CampaignUploader.upload} when the campaign's owner holds no contact list of its name. */
export class ContactListNotFoundError extends Error {
  override readonly name = 'ContactListNotFoundError';
  readonly code = 'contact-list-not-found';

  constructor(readonly contactListName: string) {
    super(`contact list ${contactListName} does not exist`);
  }
}

/**
 * Where campaigns are created, ready to be dialled. A campaign is found by its owner and its name
 * ({@link OwnedName}): names are unique per owner, null (no owner) being an owner of its own, a
 * campaign is built on a list of its own owner's, and every method acts on one owner's campaigns
 * only, so nothing it answers tells whether another owner holds a name.
 */
export interface CampaignUploader {
  /**
   * Stores a new campaign under `draft.createdBy`, over that owner's contact list
   * `draft.contactListName`, with all its rows, in order.
   *
   * - Resolves `created` once the campaign and every one of its rows are stored.
   * - When this owner holds a campaign with exactly this name (names are case-sensitive), stores
   *   nothing and resolves `exists` with that campaign's summary and whether its rows are the
   *   draft's. A campaign of this name held by another owner is never `exists`.
   * - Atomic: any number of simultaneous calls with one owner and name end with one campaign;
   *   exactly one of them resolves `created`, the others `exists`.
   * - Rejects with {@link ContactListNotFoundError} when this owner holds no such contact list
   *   (another owner's list of that name does not count), and with another error when the campaign
   *   could not be stored; nothing of it is stored in either case.
   */
  upload(draft: CampaignDraft): Promise<UploadCampaignResult>;

  /**
   * The campaign `campaign.createdBy` holds under exactly `campaign.name`, its rows in the order
   * they were stored, or `null` when that owner holds none (whoever else may). The campaign and its
   * rows are read in one consistent step, so a removal or a write meanwhile never shows half of it.
   * The result is a copy: changing it changes nothing stored. Rejects when storage fails.
   *
   * No use case calls it: it is the read that checks what a write stored, for the port contract
   * suites and for an embedder, and it stays on the port for that (decision 11,
   * docs/decisions/0011-reading-a-whole-record.md).
   */
  findByName(campaign: OwnedName): Promise<Campaign | null>;

  /**
   * The summary of the campaign `campaign.createdBy` holds under exactly `campaign.name`, or `null`
   * when that owner holds none. Reads no rows. Rejects when storage fails.
   */
  findSummary(campaign: OwnedName): Promise<CampaignSummary | null>;

  /**
   * The summary of the campaign `campaign.createdBy` holds under exactly `campaign.name` and its
   * rows from `query.fromPosition` on, at most `query.limit` of them, in stored order, or `null`
   * when that owner holds none. The summary and the rows are read in one consistent step; reading a
   * page costs the same wherever it starts. Rejects when storage fails.
   */
  readRows(campaign: OwnedName, query: RowPageQuery): Promise<RowPage<CampaignSummary> | null>;

  /**
   * The summaries of the campaigns `query.createdBy` holds, and of no other owner's, newest first:
   * by `createdAt` descending, then by name descending (compared as code units; names are ASCII),
   * so that the order is total (an owner's names are unique) and a page can start after any
   * campaign, whatever was stored meanwhile. Only those whose status is `query.status` when it is
   * given, as it is when read; a page starts after `query.after` in the same order whatever that
   * campaign's status is now, so a campaign whose status changed between two pages takes no other
   * campaign's place. At most `query.limit` of them. Rejects when storage fails.
   */
  findNewestFirst(query: CampaignPageQuery): Promise<CampaignSummary[]>;
}

export const CampaignUploaderToken: unique symbol = Symbol.for('@outbound/domain/CampaignUploader');
