// Decorators record their metadata through the Reflect API when this class loads.
import 'reflect-metadata';
import {
  ClockToken,
  systemClock,
  type Clock,
  type ContactList,
  type ContactListDraft,
  type ContactRepository,
  type CreateContactListResult,
  type RemoveContactListResult,
} from '@outbound/domain';
import { dequal } from 'dequal';
import { inject, injectable, optional } from 'inversify';
import type { Knex } from 'knex';
import { KnexToken } from './knex-token.js';
import { isForeignKeyViolation } from './sql-errors.js';
import { CONTACT_ROWS, inTransaction, readRows, storeWithRows } from './sql-rows.js';

interface ContactListRecord {
  readonly id: number;
  readonly name: string;
  readonly row_count: number;
}

/**
 * {@link ContactRepository} on knex (MySQL or SQLite). Each call is one transaction; the unique
 * name is the database's own constraint, so simultaneous calls from any number of processes end
 * with one list.
 */
@injectable()
export class KnexContactRepository implements ContactRepository {
  constructor(
    @inject(KnexToken) private readonly knex: Knex,
    @inject(ClockToken) @optional() private readonly clock: Clock = systemClock,
  ) {}

  async create(draft: ContactListDraft): Promise<CreateContactListResult> {
    // A list found holding the name may be removed before it is read (its campaign failed); the name is then free to try again.
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const stored = await storeWithRows(
        this.knex,
        async (trx) => {
          const [id] = await trx('contact_lists').insert({
            name: draft.name,
            row_count: draft.rows.length,
            created_at_ms: this.clock.now().getTime(),
          });
          return Number(id);
        },
        CONTACT_ROWS,
        draft.rows,
      );
      if (stored === 'stored') return { status: 'created', list: { name: draft.name, rowCount: draft.rows.length } };
      const existing = await this.findByName(draft.name);
      if (existing !== null) {
        return {
          status: 'exists',
          list: { name: existing.name, rowCount: existing.rowCount },
          sameRows: dequal(existing.rows, draft.rows),
        };
      }
    }
    throw new Error(`contact list ${draft.name} kept being taken and removed`);
  }

  async findByName(name: string): Promise<ContactList | null> {
    const record = await this.record(this.knex, name);
    if (record === undefined) return null;
    return { name: record.name, rowCount: record.row_count, rows: await readRows(this.knex, CONTACT_ROWS, record.id) };
  }

  async remove(name: string): Promise<RemoveContactListResult> {
    try {
      return await inTransaction(this.knex, async (trx) => {
        const record = await this.record(trx, name);
        if (record === undefined) return 'absent';
        const campaign = await trx<{ id: number }>('campaigns').first('id').where('contact_list_id', record.id);
        if (campaign !== undefined) return 'in-use';
        await trx('contacts').where('contact_list_id', record.id).delete();
        await trx('contact_lists').where('id', record.id).delete();
        return 'removed';
      });
    } catch (error) {
      // A campaign created between the check and the delete.
      if (isForeignKeyViolation(error)) return 'in-use';
      throw error;
    }
  }

  private record(knex: Knex, name: string): Promise<ContactListRecord | undefined> {
    return knex('contact_lists').first('id', 'name', 'row_count').where('name', name);
  }
}
