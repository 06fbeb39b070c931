import type { OwnedName } from '@outbound/domain';

/**
 * Records kept by owner, then by name: a name is unique within its owner's records only, null (no
 * owner) being an owner of its own. A look-up reads one owner's records and never another's.
 */
export class OwnedRecords<Stored extends OwnedName> {
  private readonly byOwner = new Map<string | null, Map<string, Stored>>();

  /** The record `key.createdBy` holds under `key.name`, or undefined. */
  get({ createdBy, name }: OwnedName): Stored | undefined {
    return this.byOwner.get(createdBy)?.get(name);
  }

  /** Keeps `record` under its owner and name, in place of any record there. */
  set(record: Stored): void {
    let names = this.byOwner.get(record.createdBy);
    if (names === undefined) {
      names = new Map();
      this.byOwner.set(record.createdBy, names);
    }
    names.set(record.name, record);
  }

  /** Forgets the record `key.createdBy` holds under `key.name`; whether there was one. */
  delete({ createdBy, name }: OwnedName): boolean {
    const names = this.byOwner.get(createdBy);
    if (names?.delete(name) !== true) return false;
    if (names.size === 0) this.byOwner.delete(createdBy);
    return true;
  }

  /** The records `createdBy` holds, in the order they were first kept. */
  ownedBy(createdBy: string | null): IterableIterator<Stored> {
    return (this.byOwner.get(createdBy) ?? new Map<string, Stored>()).values();
  }

  /** Every owner's records. */
  *values(): IterableIterator<Stored> {
    for (const names of this.byOwner.values()) yield* names.values();
  }

  /** How many records every owner holds together. */
  get size(): number {
    let size = 0;
    for (const names of this.byOwner.values()) size += names.size;
    return size;
  }
}
