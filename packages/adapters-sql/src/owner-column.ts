// How the SQL adapters store a record's owner. The `owner` column is NOT NULL, '' standing for no
// owner: a unique index lets any number of rows hold NULL, which would let two lists stored without
// a key share a name (migration 0005). An API key's name is never empty, so '' is no one's.

/** The `owner` column's value for a record created by `createdBy`. */
export function ownerColumn(createdBy: string | null): string {
  // An empty name would read and write what was stored without a key.
  if (createdBy === '') throw new RangeError('an owner is null or a name, never empty');
  return createdBy ?? '';
}

/** The `createdBy` of a record whose `owner` column holds `owner`. */
export function createdByOf(owner: string): string | null {
  return owner === '' ? null : owner;
}
