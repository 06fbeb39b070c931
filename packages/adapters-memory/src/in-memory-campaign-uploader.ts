// Decorators record their metadata through the Reflect API when this class loads.
import 'reflect-metadata';
import {
  ContactListNotFoundError,
  type Campaign,
  type CampaignDraft,
  type CampaignSummary,
  type CampaignUploader,
  type UploadCampaignResult,
} from '@outbound/domain';
import { inject, injectable } from 'inversify';
import { rowsFromJson, rowsToJson } from './rows-json.js';
import { InMemoryStore, type StoredCampaign } from './in-memory-store.js';

/** {@link CampaignUploader} in process memory: for tests, demos and embedding without a dialer. */
@injectable()
export class InMemoryCampaignUploader implements CampaignUploader {
  constructor(@inject(InMemoryStore) private readonly store: InMemoryStore) {}

  async upload(draft: CampaignDraft): Promise<UploadCampaignResult> {
    const rowsJson = rowsToJson(draft.rows);
    const existing = this.store.campaigns.get(draft.name);
    if (existing !== undefined) {
      return { status: 'exists', campaign: summaryOf(existing), sameRows: existing.rowsJson === rowsJson };
    }
    if (!this.store.contactLists.has(draft.contactListName)) throw new ContactListNotFoundError(draft.contactListName);
    const stored: StoredCampaign = {
      name: draft.name,
      contactListName: draft.contactListName,
      status: draft.status,
      rowsJson,
      rowCount: draft.rows.length,
      createdAt: new Date(),
    };
    this.store.campaigns.set(draft.name, stored);
    return { status: 'created', campaign: summaryOf(stored) };
  }

  async findByName(name: string): Promise<Campaign | null> {
    const stored = this.store.campaigns.get(name);
    return stored === undefined ? null : { ...summaryOf(stored), rows: rowsFromJson(stored.rowsJson) };
  }
}

function summaryOf({ name, contactListName, status, rowCount, createdAt }: StoredCampaign): CampaignSummary {
  return { name, contactListName, status, rowCount, createdAt: new Date(createdAt) };
}
