// Decorators record their metadata through the Reflect API when this class loads.
import 'reflect-metadata';
import type {
  ContactList,
  ContactListDraft,
  ContactListSummary,
  ContactRepository,
  CreateContactListResult,
  RemoveContactListResult,
} from '@outbound/domain';
import { dequal } from 'dequal';
import { inject, injectable } from 'inversify';

import { InMemoryStore, type StoredContactList } from './in-memory-store.js';

/**
 * {@link ContactRepository} in process memory: for tests, demos and embedding without a database.
 * It keeps the rows of a draft as they are, so a caller must not change them after `create`.
 */
@injectable()
export class InMemoryContactRepository implements ContactRepository {
  constructor(@inject(InMemoryStore) private readonly store: InMemoryStore) {}

  async create(draft: ContactListDraft): Promise<CreateContactListResult> {
    const existing = this.store.contactLists.get(draft.name);
    if (existing !== undefined) {
      return { status: 'exists', list: summaryOf(existing), sameRows: dequal(existing.rows, draft.rows) };
    }
    const stored: StoredContactList = { name: draft.name, rows: draft.rows };
    this.store.contactLists.set(draft.name, stored);
    return { status: 'created', list: summaryOf(stored) };
  }

  async findByName(name: string): Promise<ContactList | null> {
    const stored = this.store.contactLists.get(name);
    return stored === undefined ? null : { ...summaryOf(stored), rows: structuredClone(stored.rows) };
  }

  async remove(name: string): Promise<RemoveContactListResult> {
    if (!this.store.contactLists.has(name)) return 'absent';
    if (this.store.isContactListInUse(name)) return 'in-use';
    this.store.contactLists.delete(name);
    return 'removed';
  }
}

function summaryOf({ name, rows }: StoredContactList): ContactListSummary {
  return { name, rowCount: rows.length };
}
