import type { CampaignStatus, ContactRow } from '@outbound/domain';

export interface StoredContactList {
  readonly name: string;
  readonly rows: readonly ContactRow[];
  readonly rowsDigest: string;
}

export interface StoredCampaign {
  readonly name: string;
  readonly contactListName: string;
  readonly status: CampaignStatus;
  readonly rows: readonly ContactRow[];
  readonly rowsDigest: string;
  readonly createdAt: Date;
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
    for (const campaign of this.campaigns.values()) {
      if (campaign.contactListName === contactListName) return true;
    }
    return false;
  }
}
