// Runs in a worker thread of its own (see wal-checkpoints.ts): copies what SQLite's write-ahead log
// holds back into the database file, over a connection of its own, so that the request path's
// connection never waits for that copy or for the flush to disk that follows it.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

export interface WalCheckpointSettings {
  readonly file: string;
  /** The pause after a checkpoint that found the log as the one before left it. */
  readonly idleMs: number;
  /** The pause after one that found it moved: writes are under way. */
  readonly busyMs: number;
}

interface CheckpointResult {
  readonly busy: number;
  readonly log: number;
  readonly checkpointed: number;
}

const { file, idleMs, busyMs } = workerData as WalCheckpointSettings;
// The request path's connection has created the file and put it in WAL mode before this starts.
const database = new Database(file, { fileMustExist: true });
// PASSIVE never waits for a lock, so a writer of any process goes on undisturbed.
database.pragma('busy_timeout = 0');
let next: NodeJS.Timeout | undefined;

/** Another process checkpointing the same file at the moment is no failure: its turn, then this one's. */
const isBusy = (error: unknown): boolean =>
  error instanceof Database.SqliteError && (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED');

let last: CheckpointResult | undefined;

function checkpoint(): void {
  let result: CheckpointResult | undefined;
  try {
    [result] = database.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
  } catch (error) {
    if (!isBusy(error)) throw error;
  }
  // A log that moved since the last checkpoint means writes are under way: come back soon. One that
  // did not is left alone longer, since every checkpoint, even one with nothing to copy, contends
  // for the log's locks with the request path.
  const moved = result !== undefined && (result.log !== last?.log || result.checkpointed !== last.checkpointed);
  last = result;
  next = setTimeout(checkpoint, moved ? busyMs : idleMs);
}

parentPort?.once('message', () => {
  clearTimeout(next);
  database.close();
  parentPort?.close();
});
checkpoint();
