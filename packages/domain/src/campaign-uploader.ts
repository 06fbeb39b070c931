import type { ContactRow } from './contact-row.js';
import type { RowPage, RowPageQuery } from './row-page.js';

/** A new campaign waits to be started by whoever dials it. */
export type CampaignStatus = 'not-yet-started';

/** A campaign to be stored. */
export interface CampaignDraft {
  readonly name: string;
  /** The contact list the campaign calls; it must exist. */
  readonly contactListName: string;
  readonly status: CampaignStatus;
  readonly rows: readonly ContactRow[];
  /** Who asked for it (the name of the caller's API key); absent when the caller is not known. */
  readonly createdBy?: string;
}

/** What is known of a stored campaign without reading its rows. */
export interface CampaignSummary {
  readonly name: string;
  readonly contactListName: string;
  readonly status: CampaignStatus;
  readonly rowCount: number;
  readonly createdAt: Date;
  /** The draft's `createdBy`, or null when it had none. */
  readonly createdBy: string | null;
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
  /** Only campaigns with this `createdBy`; all campaigns when absent. */
  readonly createdBy?: string;
  /** The most campaigns answered, at least 1. */
  readonly limit: number;
}

export type UploadCampaignResult =
  | { readonly status: 'created'; readonly campaign: CampaignSummary }
  | {
      readonly status: 'exists';
      readonly campaign: CampaignSummary;
      /** Whether the stored rows equal the draft's, compared as a contact list's are (`CreateContactListResult`). */
      readonly sameRows: boolean;
    };

/** Raised by {@link CampaignUploader.upload} when the campaign's contact list does not exist. */
export class ContactListNotFoundError extends Error {
  override readonly name = 'ContactListNotFoundError';
  readonly code = 'contact-list-not-found';

  constructor(readonly contactListName: string) {
    super(`contact list ${contactListName} does not exist`);
  }
}

/** Where campaigns are created, ready to be dialled. */
export interface CampaignUploader {
  /**
   * Stores a new campaign over its contact list, with all its rows, in order.
   *
   * - Resolves `created` once the campaign and every one of its rows are stored.
   * - When a campaign with exactly this name exists (names are case-sensitive), stores nothing and
   *   resolves `exists` with that campaign's summary and whether its rows are the draft's.
   * - Atomic: any number of simultaneous calls with one name end with one campaign; exactly one of
   *   them resolves `created`, the others `exists`.
   * - Rejects with {@link ContactListNotFoundError} when the contact list does not exist, and with
   *   another error when the campaign could not be stored; nothing of it is stored in either case.
   */
  upload(draft: CampaignDraft): Promise<UploadCampaignResult>;

  /**
   * The campaign with exactly this name, its rows in the order they were stored, or `null` when
   * there is none. The campaign and its rows are read in one consistent step, so a removal or a write
   * meanwhile never shows half of it. The result is a copy: changing it changes nothing stored.
   * Rejects when storage fails.
   *
   * No use case calls it: it is the read that checks what a write stored, for the port contract
   * suites and for an embedder, and it stays on the port for that (decision 11,
   * docs/decisions/0011-reading-a-whole-record.md).
   */
  findByName(name: string): Promise<Campaign | null>;

  /** The summary of the campaign with exactly this name, or `null` when there is none. Reads no rows. Rejects when storage fails. */
  findSummary(name: string): Promise<CampaignSummary | null>;

  /**
   * The summary of the campaign with exactly this name and its rows from `query.fromPosition` on,
   * at most `query.limit` of them, in stored order, or `null` when there is none. The summary and
   * the rows are read in one consistent step; reading a page costs the same wherever it starts.
   * Rejects when storage fails.
   */
  readRows(name: string, query: RowPageQuery): Promise<RowPage<CampaignSummary> | null>;

  /**
   * Campaign summaries, newest first: by `createdAt` descending, then by name descending (compared
   * as code units; names are ASCII), so that the order is total and a page can start after any
   * campaign, whatever was stored meanwhile. At most `query.limit` of them. Rejects when storage fails.
   */
  findNewestFirst(query: CampaignPageQuery): Promise<CampaignSummary[]>;
}

export const CampaignUploaderToken: unique symbol = Symbol.for('@outbound/domain/CampaignUploader');
