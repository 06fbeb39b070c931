// Decorators record their metadata through the Reflect API when this class loads.
import 'reflect-metadata';
import {
  ClockToken,
  ContactListNotFoundError,
  sameContactRows,
  systemClock,
  type Campaign,
  type CampaignDraft,
  type CampaignPageQuery,
  type CampaignSummary,
  type CampaignUploader,
  type Clock,
  type OwnedName,
  type RowPage,
  type RowPageQuery,
  type UploadCampaignResult,
} from '@outbound/domain';
import { inject, injectable, optional } from 'inversify';

import { InMemoryStore, type StoredCampaign } from './in-memory-store.js';

/**
 * {@link CampaignUploader} in process memory: for tests, demos and embedding without a dialer.
 * It keeps the rows of a draft as they are, so a caller must not change them after `upload`.
 */
@injectable()
export class InMemoryCampaignUploader implements CampaignUploader {
  constructor(
    @inject(InMemoryStore) private readonly store: InMemoryStore,
    @inject(ClockToken) @optional() private readonly clock: Clock = systemClock,
  ) {}

  async upload(draft: CampaignDraft): Promise<UploadCampaignResult> {
    const existing = this.store.campaigns.get(draft);
    if (existing !== undefined) {
      return { status: 'exists', campaign: summaryOf(existing), sameRows: sameContactRows(existing.rows, draft.rows) };
    }
    if (this.store.contactLists.get({ createdBy: draft.createdBy, name: draft.contactListName }) === undefined) {
      throw new ContactListNotFoundError(draft.contactListName);
    }
    const stored: StoredCampaign = {
      name: draft.name,
      contactListName: draft.contactListName,
      status: draft.status,
      rows: draft.rows,
      createdAt: this.clock.now(),
      createdBy: draft.createdBy,
      endedAt: null,
    };
    this.store.campaigns.set(stored);
    return { status: 'created', campaign: summaryOf(stored) };
  }

  async findByName(campaign: OwnedName): Promise<Campaign | null> {
    const stored = this.store.campaigns.get(campaign);
    return stored === undefined ? null : { ...summaryOf(stored), rows: structuredClone(stored.rows) };
  }

  async findSummary(campaign: OwnedName): Promise<CampaignSummary | null> {
    const stored = this.store.campaigns.get(campaign);
    return stored === undefined ? null : summaryOf(stored);
  }

  async readRows(campaign: OwnedName, { fromPosition, limit }: RowPageQuery): Promise<RowPage<CampaignSummary> | null> {
    const stored = this.store.campaigns.get(campaign);
    if (stored === undefined) return null;
    return { summary: summaryOf(stored), rows: structuredClone(stored.rows.slice(fromPosition, fromPosition + limit)) };
  }

  async findNewestFirst({ after, createdBy, limit, status }: CampaignPageQuery): Promise<CampaignSummary[]> {
    return Array.from(this.store.campaigns.ownedBy(createdBy))
      .filter((campaign) => status === undefined || campaign.status === status)
      .filter((campaign) => after === undefined || newestFirst(campaign, after) > 0)
      .sort(newestFirst)
      .slice(0, limit)
      .map(summaryOf);
  }
}

/** Negative when `a` comes before `b` newest first: later `createdAt`, then the greater name. */
function newestFirst(a: { createdAt: Date; name: string }, b: { createdAt: Date; name: string }): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.name === b.name ? 0 : a.name > b.name ? -1 : 1;
}

function summaryOf({ name, contactListName, status, rows, createdAt, createdBy }: StoredCampaign): CampaignSummary {
  return { name, contactListName, status, rowCount: rows.length, createdAt: new Date(createdAt), createdBy };
}
