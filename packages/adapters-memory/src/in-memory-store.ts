import type { CampaignStatus, ContactRow, OwnedName } from '@outbound/domain';
import { OwnedRecords } from './owned-records.js';

/**
 * Rows are kept as handed over, without a copy on the way in: the use case never changes rows it
 * has built, and a copy per call would cost more than the rest of a small request. Reads hand out
 * deep copies.
 */
export interface StoredContactList extends OwnedName {
  readonly rows: readonly ContactRow[];
  readonly createdAt: Date;
}

/** A campaign, built on the contact list of its own owner named `contactListName`. */
export interface StoredCampaign extends OwnedName {
  readonly contactListName: string;
  readonly status: CampaignStatus;
  readonly rows: readonly ContactRow[];
  readonly createdAt: Date;
}

/**
 * The one place both in-memory adapters keep their data, as the two SQL adapters share one
 * database: a campaign can see whether its list exists, and a list whether a campaign uses it.
 * Lists and campaigns are kept by owner and name, as the ports find them. Every change is made
 * synchronously, so no other call can observe or interleave with half of it.
 */
export class InMemoryStore {
  readonly contactLists = new OwnedRecords<StoredContactList>();
  readonly campaigns = new OwnedRecords<StoredCampaign>();

  isContactListInUse(list: OwnedName): boolean {
    return this.campaignOn(list) !== null;
  }

  /** The name of the campaign built on this list, or null when there is none. */
  campaignOn({ createdBy, name }: OwnedName): string | null {
    // A campaign is built on a list of its own owner's, so only that owner's campaigns can be on it.
    for (const campaign of this.campaigns.ownedBy(createdBy)) {
      if (campaign.contactListName === name) return campaign.name;
    }
    return null;
  }

  /** Whether a campaign is built on `list`, for each of many lists, answered by one pass. */
  contactListsInUse(): (list: OwnedName) => boolean {
    const inUse = new Map<string | null, Set<string>>();
    for (const { createdBy, contactListName } of this.campaigns.values()) {
      const names = inUse.get(createdBy) ?? new Set<string>();
      names.add(contactListName);
      inUse.set(createdBy, names);
    }
    return ({ createdBy, name }) => inUse.get(createdBy)?.has(name) === true;
  }
}
