import type { Clock } from './clock.js';
import type { ContactListSummary, ContactRepository } from './contact-repository.js';
import { silentLogger, type Logger } from './logger.js';

/** Ten minutes: far longer than any request takes, long enough for a client to retry one that failed. */
export const DEFAULT_ORPHAN_GRACE_MS = 10 * 60 * 1000;

/** Lists looked at per round: each is one removal, and a round is re-read after it. */
const BATCH = 100;

export interface SweepOrphanedContactListsOptions {
  /** How long a list may wait for its campaign before it counts as left behind. */
  readonly graceMs?: number;
  readonly logger?: Logger;
}

export interface OrphanSweepReport {
  /** The lists removed, or in a dry run those that would be; oldest first. */
  readonly lists: readonly ContactListSummary[];
  readonly dryRun: boolean;
}

/**
 * Removes contact lists left without a campaign for longer than the grace period: what a process
 * killed, or a database lost, between a request's two steps leaves behind, whoever owns them; each
 * is removed by its owner and name, so another owner's list of the same name stays. Any number of processes
 * may sweep one store at once: each removal is the repository's own atomic `remove`, which keeps a
 * list a campaign has meanwhile been built on, and one stored after the sweep began.
 */
export class SweepOrphanedContactLists {
  private readonly graceMs: number;
  private readonly logger: Logger;

  constructor(
    private readonly contacts: ContactRepository,
    private readonly clock: Clock,
    options: SweepOrphanedContactListsOptions = {},
  ) {
    this.graceMs = options.graceMs ?? DEFAULT_ORPHAN_GRACE_MS;
    this.logger = options.logger ?? silentLogger;
  }

  /** One sweep; with `dryRun`, reports what it would remove and removes nothing. Rejects when storage fails. */
  async run({ dryRun = false }: { readonly dryRun?: boolean } = {}): Promise<OrphanSweepReport> {
    const now = this.clock.now();
    const createdBefore = new Date(now.getTime() - this.graceMs);
    if (dryRun) {
      return {
        lists: await this.contacts.findWithoutCampaign({ createdBefore, limit: Number.MAX_SAFE_INTEGER }),
        dryRun,
      };
    }
    const removed: ContactListSummary[] = [];
    for (;;) {
      const found = await this.contacts.findWithoutCampaign({ createdBefore, limit: BATCH });
      let removedNow = 0;
      for (const list of found) {
        if ((await this.contacts.remove(list, { createdBefore })) !== 'removed') continue;
        removedNow += 1;
        removed.push(list);
        this.logger.warn('removed a contact list left without a campaign', {
          contactListName: list.name,
          // Names are unique per owner only: the owner tells which list of the name went.
          createdBy: list.createdBy,
          rowCount: list.rowCount,
          ageMs: now.getTime() - list.createdAt.getTime(),
        });
      }
      // Whatever was found and kept is no longer without a campaign, or no longer there.
      if (found.length < BATCH || removedNow === 0) return { lists: removed, dryRun };
    }
  }
}

export const SweepOrphanedContactListsToken: unique symbol = Symbol.for('@outbound/domain/SweepOrphanedContactLists');
