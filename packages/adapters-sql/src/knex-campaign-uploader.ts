// Decorators record their metadata through the Reflect API when this class loads.
import 'reflect-metadata';
import {
  ClockToken,
  ContactListNotFoundError,
  systemClock,
  type Campaign,
  type CampaignDraft,
  type CampaignPageQuery,
  type CampaignStatus,
  type CampaignSummary,
  type CampaignUploader,
  type Clock,
  type OwnedName,
  type RowPage,
  type RowPageQuery,
  type UploadCampaignResult,
} from '@outbound/domain';
import { inject, injectable, optional } from 'inversify';
import type { Knex } from 'knex';
import { KnexToken } from './knex-token.js';
import { createdByOf, ownerColumn } from './owner-column.js';
import { isForeignKeyViolation, isNotNullViolation } from './sql-errors.js';
import {
  parsedRows,
  readWithRows,
  sameRowsAs,
  storeWithRows,
  type RecordWithRows,
  type StoreOutcome,
} from './sql-rows.js';
import { CAMPAIGN_ROWS, CAMPAIGN_BY_NAME, INSERT_CAMPAIGN } from './sql-statements.js';

interface CampaignRecord {
  readonly id: number;
  readonly name: string;
  readonly contact_list_name: string;
  readonly status: CampaignStatus;
  readonly row_count: number;
  readonly created_at_ms: number | string;
  /** '' for no owner (owner-column.ts). */
  readonly owner: string;
}

/**
 * {@link CampaignUploader} on knex (MySQL or SQLite): the campaign and its rows in one transaction,
 * over a contact list of its owner's that the database makes sure exists.
 */
@injectable()
export class KnexCampaignUploader implements CampaignUploader {
  constructor(
    @inject(KnexToken) private readonly knex: Knex,
    @inject(ClockToken) @optional() private readonly clock: Clock = systemClock,
  ) {}

  async upload(draft: CampaignDraft): Promise<UploadCampaignResult> {
    const createdAtMs = this.clock.now().getTime();
    const owner = ownerColumn(draft.createdBy);
    let outcome: StoreOutcome<boolean>;
    try {
      outcome = await storeWithRows(this.knex, {
        insertRecord: (session) =>
          session
            .insertNamed(INSERT_CAMPAIGN, [
              owner,
              draft.name,
              owner,
              draft.contactListName,
              draft.status,
              draft.rows.length,
              createdAtMs,
            ])
            .catch((error: unknown) => {
              throw isNotNullViolation(error) ? new ContactListNotFoundError(draft.contactListName) : error;
            }),
        rowTable: CAMPAIGN_ROWS,
        rows: draft.rows,
        recordByName: CAMPAIGN_BY_NAME,
        key: draft,
        reading: sameRowsAs(draft.rows),
      });
    } catch (error) {
      // The list went away between the look-up and the insert.
      if (isForeignKeyViolation(error)) throw new ContactListNotFoundError(draft.contactListName);
      throw error;
    }
    if (outcome.stored) {
      return {
        status: 'created',
        campaign: {
          name: draft.name,
          contactListName: draft.contactListName,
          status: draft.status,
          rowCount: draft.rows.length,
          createdAt: new Date(createdAtMs),
          createdBy: draft.createdBy,
        },
      };
    }
    // Campaigns are never removed, so the one holding the name is there to read.
    const existing = outcome.holder;
    if (existing === null) throw new Error(`campaign ${draft.name} was reported taken but cannot be read`);
    return { status: 'exists', campaign: campaignSummaryOf(existing), sameRows: existing.rows };
  }

  async findByName(campaign: OwnedName): Promise<Campaign | null> {
    const found = await this.findWithRows(campaign);
    return found === null ? null : { ...found.summary, rows: found.rows };
  }

  async findSummary({ createdBy, name }: OwnedName): Promise<CampaignSummary | null> {
    const record: CampaignRecord | undefined = await withRecordColumns(this.knex('campaigns'))
      .where('campaigns.owner', ownerColumn(createdBy))
      .andWhere('campaigns.name', name)
      .first();
    return record === undefined ? null : summaryOf(record);
  }

  async readRows(campaign: OwnedName, page: RowPageQuery): Promise<RowPage<CampaignSummary> | null> {
    return this.findWithRows(campaign, page);
  }

  /** The campaign and its rows (all of them, or a page). */
  private async findWithRows(campaign: OwnedName, page?: RowPageQuery): Promise<RowPage<CampaignSummary> | null> {
    const found = await readWithRows(
      this.knex,
      { recordByName: CAMPAIGN_BY_NAME, key: campaign, rowTable: CAMPAIGN_ROWS, reading: parsedRows },
      page,
    );
    return found === null ? null : { summary: campaignSummaryOf(found), rows: found.rows };
  }

  async findNewestFirst({ after, createdBy, limit, status }: CampaignPageQuery): Promise<CampaignSummary[]> {
    let query = withRecordColumns(this.knex('campaigns'))
      .where('campaigns.owner', ownerColumn(createdBy))
      .orderBy([
        { column: 'campaigns.created_at_ms', order: 'desc' },
        { column: 'campaigns.name', order: 'desc' },
      ])
      .limit(limit);
    // The status is not part of the index: the owner's campaigns are read in its order and those of
    // another status passed over, which an owner's campaigns, not the whole table, bound.
    if (status !== undefined) query = query.where('campaigns.status', status);
    if (after !== undefined) {
      const afterMs = after.createdAt.getTime();
      query = query.where((older) => {
        void older.where('campaigns.created_at_ms', '<', afterMs).orWhere((sameMoment) => {
          void sameMoment.where('campaigns.created_at_ms', afterMs).andWhere('campaigns.name', '<', after.name);
        });
      });
    }
    const records: CampaignRecord[] = await query;
    return records.map(summaryOf);
  }
}

/** Selects a campaign's columns with the name of its contact list. */
function withRecordColumns(query: Knex.QueryBuilder) {
  return query
    .join('contact_lists', 'contact_lists.id', 'campaigns.contact_list_id')
    .select<CampaignRecord[]>(
      'campaigns.id',
      'campaigns.name',
      'contact_lists.name as contact_list_name',
      'campaigns.status',
      'campaigns.row_count',
      'campaigns.created_at_ms',
      'campaigns.owner',
    );
}

function summaryOf(record: Omit<CampaignRecord, 'id'>): CampaignSummary {
  return {
    name: record.name,
    contactListName: record.contact_list_name,
    status: record.status,
    rowCount: record.row_count,
    // MySQL hands BIGINT back as a string.
    createdAt: new Date(Number(record.created_at_ms)),
    createdBy: createdByOf(record.owner),
  };
}

/** The summary of a campaign read by CAMPAIGN_BY_NAME. */
function campaignSummaryOf({ record, rowCount }: RecordWithRows<unknown>): CampaignSummary {
  const [name, contactListName, status, createdAtMs, owner] = record;
  return summaryOf({
    name: name as string,
    contact_list_name: contactListName as string,
    status: status as CampaignStatus,
    row_count: rowCount,
    created_at_ms: createdAtMs as number | string,
    owner: owner as string,
  });
}
