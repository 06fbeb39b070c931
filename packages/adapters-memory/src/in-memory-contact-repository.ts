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
import { inject, injectable } from 'inversify';
import { rowsFromJson, rowsToJson } from './rows-json.js';
import { InMemoryStore, type StoredContactList } from './in-memory-store.js';

/** {@link ContactRepository} in process memory: for tests, demos and embedding without a database. */
@injectable()
export class InMemoryContactRepository implements ContactRepository {
  constructor(@inject(InMemoryStore) private readonly store: InMemoryStore) {}

  async create(draft: ContactListDraft): Promise<CreateContactListResult> {
    const rowsJson = rowsToJson(draft.rows);
    const existing = this.store.contactLists.get(draft.name);
    if (existing !== undefined) {
      return { status: 'exists', list: summaryOf(existing), sameRows: existing.rowsJson === rowsJson };
    }
    const stored: StoredContactList = { name: draft.name, rowsJson, rowCount: draft.rows.length };
    this.store.contactLists.set(draft.name, stored);
    return { status: 'created', list: summaryOf(stored) };
  }

  async findByName(name: string): Promise<ContactList | null> {
    const stored = this.store.contactLists.get(name);
    return stored === undefined ? null : { ...summaryOf(stored), rows: rowsFromJson(stored.rowsJson) };
  }

  async remove(name: string): Promise<RemoveContactListResult> {
    if (!this.store.contactLists.has(name)) return 'absent';
    if (this.store.isContactListInUse(name)) return 'in-use';
    this.store.contactLists.delete(name);
    return 'removed';
  }
}

function summaryOf({ name, rowCount }: StoredContactList): ContactListSummary {
  return { name, rowCount };
}
