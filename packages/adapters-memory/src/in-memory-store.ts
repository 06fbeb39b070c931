import type { CampaignStatus, ContactRow } from '@outbound/domain';

/**
 * Rows are kept as handed over, without a copy on the way in: the use case never changes rows it
 * has built, and a copy per call would cost more than the rest of a small request. Reads hand out
 * deep copies.
 */
export interface StoredContactList {
  readonly name: string;
  readonly rows: readonly ContactRow[];
  readonly createdAt: Date;
  readonly createdBy: string | null;
}

export interface StoredCampaign {
  readonly name: string;
  readonly contactListName: string;
  readonly status: CampaignStatus;
  readonly rows: readonly ContactRow[];
  readonly createdAt: Date;
  readonly createdBy: string | null;
}

/**
 * The one place both in-memory adapters keep their data, as the two SQL adapters share one
 * database: a campaign can see whether its list exists, and a list whether a campaign uses it.
 * Every change is made synchronously, so no other call can observe or interleave with half of it.
 */
export class InMemoryStore {
  readonly contactLists = new Map<string, StoredContactList>();
  readonly campaigns = new Map<string, StoredCampaign>();

  isContactListInUse(contactListName: string): boolean {
    return this.campaignOn(contactListName) !== null;
  }

  /** The name of the campaign built on this list, or null when there is none. */
  campaignOn(contactListName: string): string | null {
    for (const campaign of this.campaigns.values()) {
      if (campaign.contactListName === contactListName) return campaign.name;
    }
    return null;
  }

  contactListsInUse(): Set<string> {
    return new Set(Array.from(this.campaigns.values(), (campaign) => campaign.contactListName));
  }
}
