import type { Knex } from 'knex';
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The knex instances whose storage refused their last write itself. */
const refusing = new WeakSet<Knex>();

/**
 * A write the storage refused for a reason of its own, not for what was written: a full disk, an
 * I/O error, a file made read-only. Every later write is refused alike until the cause passes.
 */
function isRefusedByStorage(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return (
    typeof code === 'string' &&
    (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY'))
  );
}

/** Remembers a write the storage refused itself (see {@link isRefusedByStorage}); any other failure says nothing of it. */
export function noteWriteRefused(knex: Knex, error: unknown): void {
  if (isRefusedByStorage(error)) refusing.add(knex);
}

/** Remembers that the storage took a write: a request's, or a probe's. */
export function noteWriteTaken(knex: Knex): void {
  refusing.delete(knex);
}

/** True from a write the storage refused until one it takes. */
export function refusedLastWrite(knex: Knex): boolean {
  return refusing.has(knex);
}

/**
 * Rejects while the file system holding `file` has no block left. A write small enough to fit where
 * the write-ahead log already holds room (a refused write's frames, say) still goes through then,
 * but the next that needs the log to grow does not.
 */
export async function assertRoomFor(file: string): Promise<void> {
  if (file === ':memory:' || file === '') return;
  const { bavail } = await statfs(dirname(file));
  if (bavail === 0) throw new Error('the disk holding the SQLite file is full');
}
