// Runs in a worker thread of its own (see wal-checkpoints.ts): copies what SQLite's write-ahead log
// holds back into the database file, over a connection of its own, so that the request path's
// connection never waits for that copy or for the flush to disk that follows it.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { describeFailure, type WalCheckpointFailure } from './wal-checkpoint-failure.js';

export interface WalCheckpointSettings {
  readonly file: string;
  /** The pause after a checkpoint that found the log as the one before left it. */
  readonly idleMs: number;
  /** The pause after one that found it moved: writes are under way. */
  readonly busyMs: number;
}

/**
 * What the worker tells the thread that started it. A worker that failed ends right after saying
 * why; `opening` tells a file that could not be opened from a checkpoint that failed.
 */
export type WalCheckpointReport =
  | { readonly kind: 'checkpointed' }
  | { readonly kind: 'failed'; readonly opening: boolean; readonly failure: WalCheckpointFailure };

interface CheckpointResult {
  readonly busy: number;
  readonly log: number;
  readonly checkpointed: number;
}

const { file, idleMs, busyMs } = workerData as WalCheckpointSettings;

function report(message: WalCheckpointReport): void {
  parentPort?.postMessage(message);
}

/** Another process checkpointing the same file at the moment is no failure: its turn, then this one's. */
const isBusy = (error: unknown): boolean =>
  error instanceof Database.SqliteError && (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED');

function checkpointing(database: Database.Database): void {
  let next: NodeJS.Timeout | undefined;
  let last: CheckpointResult | undefined;
  let reported = false;
  // Ends the thread: nothing is left to keep it alive once the connection and the port are closed.
  const end = () => {
    clearTimeout(next);
    if (database.open) database.close();
    parentPort?.close();
  };

  function checkpoint(): void {
    let result: CheckpointResult | undefined;
    try {
      [result] = database.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
    } catch (error) {
      if (!isBusy(error)) {
        report({ kind: 'failed', opening: false, failure: describeFailure(error) });
        end();
        return;
      }
    }
    if (result !== undefined && !reported) {
      reported = true;
      report({ kind: 'checkpointed' });
    }
    // A log that moved since the last checkpoint means writes are under way: come back soon. One that
    // did not is left alone longer, since every checkpoint, even one with nothing to copy, contends
    // for the log's locks with the request path.
    const moved = result !== undefined && (result.log !== last?.log || result.checkpointed !== last.checkpointed);
    last = result;
    next = setTimeout(checkpoint, moved ? busyMs : idleMs);
  }

  parentPort?.once('message', end);
  checkpoint();
}

function opened(): Database.Database | undefined {
  let database: Database.Database | undefined;
  try {
    // The request path's connection has created the file and put it in WAL mode before this starts.
    database = new Database(file, { fileMustExist: true });
    // PASSIVE never waits for a lock, so a writer of any process goes on undisturbed.
    database.pragma('busy_timeout = 0');
    return database;
  } catch (error) {
    database?.close();
    report({ kind: 'failed', opening: true, failure: describeFailure(error) });
    return undefined;
  }
}

const database = opened();
if (database !== undefined) checkpointing(database);
