import type {
  CallEnding,
  CallOutcome,
  CallState,
  CampaignRunSettings,
  CampaignStatus,
  ContactRow,
  OwnedName,
  SkipReason,
} from '@outbound/domain';
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

/**
 * A campaign, built on the contact list of its own owner named `contactListName`. Its status and
 * end change by a new record stored in its place, so a record once read never changes under its reader.
 */
export interface StoredCampaign extends OwnedName {
  readonly contactListName: string;
  readonly status: CampaignStatus;
  readonly rows: readonly ContactRow[];
  readonly createdAt: Date;
  /** When it became `completed` or `cancelled`; null before. */
  readonly endedAt: Date | null;
}

/** The run of a started campaign, kept under the campaign's owner and name. */
export interface StoredRun extends OwnedName {
  readonly runId: string;
  readonly settings: CampaignRunSettings;
  readonly startedAt: Date;
  /** Every distinct zone key of its contacts. */
  readonly zoneKeys: readonly string[];
  /** One per row of the campaign, by position. */
  readonly contacts: StoredRunContact[];
  /** Every attempt, in the order handed out. */
  readonly calls: StoredCall[];
}

/** Where one contact of a run stands; changed in place. */
export interface StoredRunContact {
  readonly zoneKey: string;
  readonly skipped: SkipReason | null;
  state: CallState;
  /** When a `waiting` contact is next tried; null in every other state. */
  nextAttemptAt: Date | null;
  /** Calls handed out to it so far. */
  attempts: number;
  /** The last outcome of a `finished` contact; null in every other state. */
  outcome: CallOutcome | null;
}

/** One attempt at one contact; its ending is set once. */
export interface StoredCall {
  readonly callId: string;
  readonly runId: string;
  /** The contact's position in its campaign. */
  readonly position: number;
  readonly attempt: number;
  readonly handedOutAt: Date;
  readonly leaseExpiresAt: Date;
  ended: CallEnding | null;
}

/**
 * The one place the in-memory adapters keep their data, as the SQL adapters share one database: a
 * campaign can see whether its list exists, a list whether a campaign uses it, and a run the
 * campaign it runs. Lists, campaigns and runs are kept by owner and name, as the ports find them.
 * Every change is made synchronously, so no other call can observe or interleave with half of it.
 */
export class InMemoryStore {
  readonly contactLists = new OwnedRecords<StoredContactList>();
  readonly campaigns = new OwnedRecords<StoredCampaign>();
  readonly runs = new OwnedRecords<StoredRun>();
  /** The same runs, found by their id. */
  readonly runsById = new Map<string, StoredRun>();
  /** Every attempt of every run, found by its call id. */
  readonly calls = new Map<string, StoredCall>();

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
