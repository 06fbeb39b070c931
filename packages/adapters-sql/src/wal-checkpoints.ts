import type { Logger } from '@outbound/domain';
import { Worker } from 'node:worker_threads';
import type { WalCheckpointSettings } from './wal-checkpoint-worker.js';

/**
 * How far the write-ahead log may grow before the request path's own connection checkpoints it
 * after a commit, as SQLite does by default at 1,000 pages: the backstop for when the worker falls
 * behind or is gone. It is also what lets the log start over from its beginning under a steady
 * write load: a checkpoint run beside the writers never finds the log wholly copied, one run within
 * a commit does. 16,384 pages of 4 KiB: 64 MiB.
 */
export const WAL_BACKSTOP_PAGES = 16_384;

/** After the log starts over, its file is cut back to this (SQLite leaves it at its largest by default). */
export const WAL_FILE_LIMIT_BYTES = 64 * 1024 * 1024;

const SETTINGS: Omit<WalCheckpointSettings, 'file'> = { idleMs: 50, busyMs: 5 };

/**
 * Checkpoints an SQLite file's write-ahead log from a worker thread of its own. SQLite otherwise
 * checkpoints within a commit, every 1,000 pages of log: it copies those pages into the database
 * file and flushes it to disk, and better-sqlite3 runs that on the event loop, where every other
 * request of the process waits for it. The worker copies with PASSIVE checkpoints, which wait for no
 * lock, so writers of this and of other processes are never held up; nothing depends on it, since
 * the log is checkpointed within a commit still once it passes {@link WAL_BACKSTOP_PAGES}.
 */
export class WalCheckpoints {
  private readonly exited: Promise<void>;

  private constructor(private readonly worker: Worker) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
  }

  /** Starts checkpointing `file`, which must exist in WAL mode; a failure of the worker is logged, and the backstop remains. */
  static start(file: string, logger: Logger): WalCheckpoints {
    const settings: WalCheckpointSettings = { file, ...SETTINGS };
    const worker = new Worker(new URL('./wal-checkpoint-worker.js', import.meta.url), { workerData: settings });
    worker.on('error', (error) =>
      logger.warn('database: write-ahead log checkpoints stopped; commits checkpoint it from now on', { error }),
    );
    // Checkpoints are no reason to keep a process alive: one that is done exits, and the next to open the file checkpoints what is left.
    worker.unref();
    return new WalCheckpoints(worker);
  }

  /** Asks the worker to close its connection and end; resolves once it has. */
  async stop(): Promise<void> {
    this.worker.postMessage('stop');
    await this.exited;
  }
}
