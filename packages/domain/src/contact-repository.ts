import type { ContactRow } from './contact-row.js';
import type { OwnedName } from './owned-name.js';
import type { RowPage, RowPageQuery } from './row-page.js';

/** A contact list to be stored, under its owner's names (`createdBy`: who asked for it). */
export interface ContactListDraft extends OwnedName {
  /** Distinct phone numbers, in the order they are to be kept. */
  readonly rows: readonly ContactRow[];
}

/** What is known of a stored contact list without reading its rows; its owner and name find it. */
export interface ContactListSummary extends OwnedName {
  readonly rowCount: number;
  /** When the list was stored, by the clock the adapter was given. */
  readonly createdAt: Date;
}

/** A stored contact list as it is read back: its summary and the campaign built on it, if any. */
export interface ContactListOverview extends ContactListSummary {
  /** The name of the campaign that calls this list, or null while there is none. */
  readonly campaignName: string | null;
}

/** A stored contact list with its rows, in the order they were stored. */
export interface ContactList extends ContactListSummary {
  readonly rows: readonly ContactRow[];
}

export type CreateContactListResult =
  | { readonly status: 'created'; readonly list: ContactListSummary }
  | {
      readonly status: 'exists';
      readonly list: ContactListSummary;
      /**
       * Whether the stored rows equal the draft's: as many, in the same order, each with the same
       * phone number, name and custom fields (equal as JSON values; the order of keys does not count).
       */
      readonly sameRows: boolean;
    };

export type RemoveContactListResult = 'removed' | 'absent' | 'in-use' | 'too-recent';

export interface RemoveContactListOptions {
  /** Remove the list only if it was stored before this moment; a newer one is kept (`too-recent`). */
  readonly createdBefore?: Date;
}

export interface FindWithoutCampaignQuery {
  /** Only lists stored before this moment. */
  readonly createdBefore: Date;
  /** The most lists answered. */
  readonly limit: number;
}

/**
 * Where contact lists live. A list is found by its owner and its name ({@link OwnedName}): names
 * are unique per owner, null (no owner) being an owner of its own, and every method acts on one
 * owner's lists only, so nothing it answers tells whether another owner holds a name.
 */
export interface ContactRepository {
  /**
   * Stores a new contact list with all its rows, in order, under `draft.createdBy`.
   *
   * - Resolves `created` once the list and every one of its rows are stored.
   * - When this owner holds a list with exactly this name (names are case-sensitive), stores
   *   nothing and resolves `exists` with that list's summary and whether its rows are the draft's.
   *   A list of this name held by another owner is never `exists`: each owner's names are its own.
   * - Atomic: any number of simultaneous calls with one owner and name end with one list; exactly
   *   one of them resolves `created`, the others `exists`.
   * - Rejects when the list could not be stored (storage unreachable, write refused); nothing of
   *   it is stored then.
   */
  create(draft: ContactListDraft): Promise<CreateContactListResult>;

  /**
   * The list `list.createdBy` holds under exactly `list.name`, its rows in the order they were
   * stored, or `null` when that owner holds none (whoever else may). The list and its rows are read
   * in one consistent step, so a removal or a write meanwhile never shows half of it. The result is
   * a copy: changing it changes nothing stored. Rejects when storage fails.
   *
   * No use case calls it: it is the read that checks what a write stored, for the port contract
   * suites and for an embedder, and it stays on the port for that (decision 11,
   * docs/decisions/0011-reading-a-whole-record.md).
   */
  findByName(list: OwnedName): Promise<ContactList | null>;

  /**
   * The summary of the list `list.createdBy` holds under exactly `list.name` and the name of the
   * campaign built on it, or `null` when that owner holds none. Reads no rows. Rejects when storage
   * fails.
   */
  findOverview(list: OwnedName): Promise<ContactListOverview | null>;

  /**
   * The summary of the list `list.createdBy` holds under exactly `list.name` and its rows from
   * `query.fromPosition` on, at most `query.limit` of them, in stored order, or `null` when that
   * owner holds none. The summary and the rows are read in one consistent step; reading a page
   * costs the same wherever it starts. Rejects when storage fails.
   */
  readRows(list: OwnedName, query: RowPageQuery): Promise<RowPage<ContactListSummary> | null>;

  /**
   * Removes the list `list.createdBy` holds under exactly `list.name`, and all its rows, unless a
   * campaign uses it. Another owner's list of the same name is never touched.
   *
   * - Resolves `removed` when it was there and is now gone, `absent` when this owner held none,
   *   `in-use` (removing nothing) when a campaign is built on it, and `too-recent` (removing
   *   nothing) when `options.createdBefore` is given and the list was stored at or after it.
   * - Atomic: the list goes whole or stays whole, and the checks and the removal are one step, so
   *   a campaign built on the list meanwhile (from any process) keeps it.
   * - Rejects when storage fails; the list is then as it was.
   */
  remove(list: OwnedName, options?: RemoveContactListOptions): Promise<RemoveContactListResult>;

  /**
   * Lists of every owner that no campaign is built on and that were stored before
   * `query.createdBefore`, oldest first, at most `query.limit` of them: what an interrupted request
   * may have left behind. Each summary names its owner, by which {@link remove} finds it. Rejects
   * when storage fails.
   */
  findWithoutCampaign(query: FindWithoutCampaignQuery): Promise<ContactListSummary[]>;
}

export const ContactRepositoryToken: unique symbol = Symbol.for('@outbound/domain/ContactRepository');
