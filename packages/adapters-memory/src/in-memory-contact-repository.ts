// Decorators record their metadata through the Reflect API when this class loads.
import 'reflect-metadata';
import {
  ClockToken,
  sameContactRows,
  systemClock,
  type Clock,
  type ContactList,
  type ContactListDraft,
  type ContactListOverview,
  type ContactListSummary,
  type ContactRepository,
  type CreateContactListResult,
  type FindWithoutCampaignQuery,
  type OwnedName,
  type RemoveContactListOptions,
  type RemoveContactListResult,
  type RowPage,
  type RowPageQuery,
} from '@outbound/domain';
import { inject, injectable, optional } from 'inversify';

import { InMemoryStore, type StoredContactList } from './in-memory-store.js';

/**
 * {@link ContactRepository} in process memory: for tests, demos and embedding without a database.
 * It keeps the rows of a draft as they are, so a caller must not change them after `create`.
 */
@injectable()
export class InMemoryContactRepository implements ContactRepository {
  constructor(
    @inject(InMemoryStore) private readonly store: InMemoryStore,
    @inject(ClockToken) @optional() private readonly clock: Clock = systemClock,
  ) {}

  async create(draft: ContactListDraft): Promise<CreateContactListResult> {
    const existing = this.store.contactLists.get(draft);
    if (existing !== undefined) {
      return { status: 'exists', list: summaryOf(existing), sameRows: sameContactRows(existing.rows, draft.rows) };
    }
    const stored: StoredContactList = {
      name: draft.name,
      rows: draft.rows,
      createdAt: this.clock.now(),
      createdBy: draft.createdBy,
    };
    this.store.contactLists.set(stored);
    return { status: 'created', list: summaryOf(stored) };
  }

  async findByName(list: OwnedName): Promise<ContactList | null> {
    const stored = this.store.contactLists.get(list);
    return stored === undefined ? null : { ...summaryOf(stored), rows: structuredClone(stored.rows) };
  }

  async findOverview(list: OwnedName): Promise<ContactListOverview | null> {
    const stored = this.store.contactLists.get(list);
    return stored === undefined ? null : { ...summaryOf(stored), campaignName: this.store.campaignOn(stored) };
  }

  async readRows(list: OwnedName, { fromPosition, limit }: RowPageQuery): Promise<RowPage<ContactListSummary> | null> {
    const stored = this.store.contactLists.get(list);
    if (stored === undefined) return null;
    return { summary: summaryOf(stored), rows: structuredClone(stored.rows.slice(fromPosition, fromPosition + limit)) };
  }

  async remove(list: OwnedName, { createdBefore }: RemoveContactListOptions = {}): Promise<RemoveContactListResult> {
    const stored = this.store.contactLists.get(list);
    if (stored === undefined) return 'absent';
    if (this.store.isContactListInUse(stored)) return 'in-use';
    if (createdBefore !== undefined && stored.createdAt >= createdBefore) return 'too-recent';
    this.store.contactLists.delete(stored);
    return 'removed';
  }

  async findWithoutCampaign({ createdBefore, limit }: FindWithoutCampaignQuery): Promise<ContactListSummary[]> {
    const inUse = this.store.contactListsInUse();
    return Array.from(this.store.contactLists.values())
      .filter((list) => list.createdAt < createdBefore && !inUse(list))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, limit)
      .map(summaryOf);
  }
}

function summaryOf({ name, rows, createdAt, createdBy }: StoredContactList): ContactListSummary {
  return { name, rowCount: rows.length, createdAt: new Date(createdAt), createdBy };
}
