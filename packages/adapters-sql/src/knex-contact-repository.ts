// Decorators record their metadata through the Reflect API when this class loads.
import 'reflect-metadata';
import {
  ClockToken,
  systemClock,
  type Clock,
  type ContactList,
  type ContactListDraft,
  type ContactListOverview,
  type ContactListSummary,
  type ContactRepository,
  type CreateContactListResult,
  type FindWithoutCampaignQuery,
  type OwnedName,
  type RemoveContactListOptions,
  type RemoveContactListResult,
  type RowPage,
  type RowPageQuery,
} from '@outbound/domain';
import { inject, injectable, optional } from 'inversify';
import type { Knex } from 'knex';
import { KnexToken } from './knex-token.js';
import { createdByOf, ownerColumn } from './owner-column.js';
import { isForeignKeyViolation } from './sql-errors.js';
import { inTransaction, parsedRows, readWithRows, sameRowsAs, storeWithRows, type RecordWithRows } from './sql-rows.js';
import { CONTACT_LIST_BY_NAME, CONTACT_ROWS, INSERT_CONTACT_LIST } from './sql-statements.js';

interface ContactListRecord {
  readonly id: number;
  readonly name: string;
  readonly row_count: number;
  // MySQL hands BIGINT back as a string.
  readonly created_at_ms: number | string;
  /** '' for no owner (owner-column.ts). */
  readonly owner: string;
}

const RECORD_COLUMNS = ['id', 'name', 'row_count', 'created_at_ms', 'owner'];

/**
 * {@link ContactRepository} on knex (MySQL or SQLite). Each call is one transaction; a name unique
 * per owner is the database's own constraint, so simultaneous calls from any number of processes
 * end with one list.
 */
@injectable()
export class KnexContactRepository implements ContactRepository {
  constructor(
    @inject(KnexToken) private readonly knex: Knex,
    @inject(ClockToken) @optional() private readonly clock: Clock = systemClock,
  ) {}

  async create(draft: ContactListDraft): Promise<CreateContactListResult> {
    // A list found holding the name is read in the same transaction, so it is there to read; should
    // it be gone all the same (its campaign failed and it was taken back), the name is free to try again.
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const createdAt = this.clock.now();
      const outcome = await storeWithRows(this.knex, {
        insertRecord: (session) =>
          session.insertNamed(INSERT_CONTACT_LIST, [
            ownerColumn(draft.createdBy),
            draft.name,
            draft.rows.length,
            createdAt.getTime(),
          ]),
        rowTable: CONTACT_ROWS,
        rows: draft.rows,
        recordByName: CONTACT_LIST_BY_NAME,
        key: draft,
        reading: sameRowsAs(draft.rows),
      });
      if (outcome.stored) {
        return {
          status: 'created',
          list: { name: draft.name, rowCount: draft.rows.length, createdAt, createdBy: draft.createdBy },
        };
      }
      const { holder } = outcome;
      if (holder !== null) return { status: 'exists', list: listSummaryOf(holder), sameRows: holder.rows };
    }
    throw new Error(`contact list ${draft.name} kept being taken and removed`);
  }

  async findByName(list: OwnedName): Promise<ContactList | null> {
    const found = await this.findWithRows(list);
    return found === null ? null : { ...found.summary, rows: found.rows };
  }

  async findOverview({ createdBy, name }: OwnedName): Promise<ContactListOverview | null> {
    const record = await this.knex('contact_lists')
      .leftJoin('campaigns', 'campaigns.contact_list_id', 'contact_lists.id')
      .first<(ContactListRecord & { campaign_name: string | null }) | undefined>(
        ...RECORD_COLUMNS.map((column) => `contact_lists.${column}`),
        'campaigns.name as campaign_name',
      )
      .where('contact_lists.owner', ownerColumn(createdBy))
      .andWhere('contact_lists.name', name)
      .orderBy('campaigns.id');
    return record === undefined ? null : { ...summaryOf(record), campaignName: record.campaign_name };
  }

  async readRows(list: OwnedName, page: RowPageQuery): Promise<RowPage<ContactListSummary> | null> {
    return this.findWithRows(list, page);
  }

  /** The list and its rows (all of them, or a page). */
  private async findWithRows(list: OwnedName, page?: RowPageQuery): Promise<RowPage<ContactListSummary> | null> {
    const found = await readWithRows(
      this.knex,
      { recordByName: CONTACT_LIST_BY_NAME, key: list, rowTable: CONTACT_ROWS, reading: parsedRows },
      page,
    );
    return found === null ? null : { summary: listSummaryOf(found), rows: found.rows };
  }

  async remove(
    { createdBy, name }: OwnedName,
    { createdBefore }: RemoveContactListOptions = {},
  ): Promise<RemoveContactListResult> {
    const owner = ownerColumn(createdBy);
    try {
      return await inTransaction(this.knex, async (trx) => {
        // One statement decides and removes (the rows go with it, by cascade), so nothing can build a
        // campaign on the list between a check and the removal; it writes first, which on SQLite
        // takes the write lock at once.
        const removed = await withoutCampaign(trx('contact_lists').where({ owner, name }))
          .modify((query) => {
            if (createdBefore !== undefined) void query.where('created_at_ms', '<', createdBefore.getTime());
          })
          .delete();
        if (removed > 0) return 'removed';
        const record = await trx('contact_lists')
          .first<ContactListRecord | undefined>(RECORD_COLUMNS)
          .where({ owner, name });
        if (record === undefined) return 'absent';
        if (createdBefore !== undefined && Number(record.created_at_ms) >= createdBefore.getTime()) {
          const inUse = await trx('campaigns')
            .first<{ id: number } | undefined>('id')
            .where('contact_list_id', record.id);
          if (inUse === undefined) return 'too-recent';
        }
        return 'in-use';
      });
    } catch (error) {
      // A campaign created by another connection between this statement's look-up and its delete.
      if (isForeignKeyViolation(error)) return 'in-use';
      throw error;
    }
  }

  async findWithoutCampaign({ createdBefore, limit }: FindWithoutCampaignQuery): Promise<ContactListSummary[]> {
    const records = await withoutCampaign(this.knex('contact_lists').select<ContactListRecord[]>(RECORD_COLUMNS))
      .where('created_at_ms', '<', createdBefore.getTime())
      .orderBy([
        { column: 'created_at_ms', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(Math.min(limit, Number.MAX_SAFE_INTEGER));
    return records.map(summaryOf);
  }
}

/** Narrows a query on contact_lists to the lists no campaign is built on. */
function withoutCampaign<Builder extends Knex.QueryBuilder>(query: Builder): Builder {
  return query.whereNotExists(function campaignOnTheList() {
    void this.select('id').from('campaigns').whereRaw('campaigns.contact_list_id = contact_lists.id');
  }) as Builder;
}

function summaryOf(record: Omit<ContactListRecord, 'id'>): ContactListSummary {
  return {
    name: record.name,
    rowCount: record.row_count,
    createdAt: new Date(Number(record.created_at_ms)),
    createdBy: createdByOf(record.owner),
  };
}

/** The summary of a list read by CONTACT_LIST_BY_NAME. */
function listSummaryOf({ record, rowCount }: RecordWithRows<unknown>): ContactListSummary {
  const [name, createdAtMs, owner] = record;
  return summaryOf({
    name: name as string,
    row_count: rowCount,
    created_at_ms: createdAtMs as number | string,
    owner: owner as string,
  });
}
