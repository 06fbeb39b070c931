import type { CampaignStatus } from '@outbound/domain';

/**
 * Rows are kept as their JSON text: nothing outside can change them, a read hands out a fresh
 * copy, and "the same rows" is one string comparison.
 */
export interface StoredContactList {
  readonly name: string;
  readonly rowsJson: string;
  readonly rowCount: number;
}

export interface StoredCampaign {
  readonly name: string;
  readonly contactListName: string;
  readonly status: CampaignStatus;
  readonly rowsJson: string;
  readonly rowCount: number;
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
