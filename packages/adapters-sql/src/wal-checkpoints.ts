import type { Logger } from '@outbound/domain';
import { Worker } from 'node:worker_threads';
import { describeFailure, failureAsError } from './wal-checkpoint-failure.js';
import type { WalCheckpointReport, WalCheckpointSettings } from './wal-checkpoint-worker.js';

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
 * How long checkpoints pause after a worker failed, before a new one starts: the first pause, then
 * twice the last after each failure in a row, up to the longest; a worker's checkpoint that goes
 * through brings it back to the first.
 */
export interface RestartPauses {
  readonly firstMs: number;
  readonly longestMs: number;
}

/**
 * Each failure is a line in the log, and while checkpoints pause the log grows towards the
 * backstop: at most a minute between attempts keeps the lines few and the wait short once the
 * cause has passed.
 */
const RESTART_PAUSES: RestartPauses = { firstMs: 1_000, longestMs: 60_000 };

/** A failed worker's last word, or nothing when it ended without one. */
type Failed = Extract<WalCheckpointReport, { kind: 'failed' }> | undefined;

/**
 * Checkpoints an SQLite file's write-ahead log from a worker thread of its own. SQLite otherwise
 * checkpoints within a commit, every 1,000 pages of log: it copies those pages into the database
 * file and flushes it to disk, and better-sqlite3 runs that on the event loop, where every other
 * request of the process waits for it. The worker copies with PASSIVE checkpoints, which wait for no
 * lock, so writers of this and of other processes are never held up; nothing depends on it, since
 * the log is checkpointed within a commit still once it passes {@link WAL_BACKSTOP_PAGES}.
 *
 * A worker whose checkpoint fails (a full disk, an I/O error) ends, and a new one starts after a
 * pause: the failure may pass, and until it does the backstop checkpoints.
 */
export class WalCheckpoints {
  private worker: Worker | undefined;
  private exited: Promise<void> = Promise.resolve();
  private restart: NodeJS.Timeout | undefined;
  private stopping = false;
  /** A failure was logged, and no checkpoint has gone through since. */
  private failing = false;
  private pauseMs: number;

  private constructor(
    private readonly settings: WalCheckpointSettings,
    private readonly logger: Logger,
    private readonly pauses: RestartPauses,
  ) {
    this.pauseMs = pauses.firstMs;
  }

  /**
   * Starts checkpointing `file`, which must exist in WAL mode. A file that cannot be opened stops
   * them for good (logged); a checkpoint that fails is logged with its cause, and checkpoints
   * start again after a pause (`pauses`, for a test; one second, doubling up to a minute, unless told).
   */
  static start(file: string, logger: Logger, pauses: RestartPauses = RESTART_PAUSES): WalCheckpoints {
    const checkpoints = new WalCheckpoints({ file, ...SETTINGS }, logger, pauses);
    checkpoints.run();
    return checkpoints;
  }

  /** Asks the worker to close its connection and end, or calls off the start of the next; resolves once none runs. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restart);
    // Whoever awaits the stop must not see the process end first: an unreferenced worker keeps nothing alive.
    this.worker?.ref();
    this.worker?.postMessage('stop');
    await this.exited;
  }

  private run(): void {
    const worker = new Worker(new URL('./wal-checkpoint-worker.js', import.meta.url), { workerData: this.settings });
    let failed: Failed;
    worker.on('message', (report: WalCheckpointReport) => {
      if (report.kind === 'failed') failed = report;
      else this.checkpointed();
    });
    // What the worker did not catch itself (its module failing to load, say) ends it as a failed checkpoint does.
    worker.on('error', (error) => {
      failed ??= { kind: 'failed', opening: false, failure: describeFailure(error) };
    });
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        this.worker = undefined;
        resolve();
        this.ended(failed);
      }),
    );
    // Checkpoints are no reason to keep a process alive: one that is done exits, and the next to open the file checkpoints what is left.
    worker.unref();
    this.worker = worker;
  }

  private checkpointed(): void {
    this.pauseMs = this.pauses.firstMs;
    if (!this.failing) return;
    this.failing = false;
    this.logger.info('database: write-ahead log checkpoints resumed');
  }

  private ended(failed: Failed): void {
    if (this.stopping) return;
    const error = failed === undefined ? {} : { error: failureAsError(failed.failure) };
    if (failed?.opening === true) {
      // The file this was started for is no longer there to open, and opening it again would not bring it back.
      this.logger.warn('database: write-ahead log checkpoints stopped; commits checkpoint it from now on', error);
      return;
    }
    const pauseMs = this.pauseMs;
    this.pauseMs = Math.min(pauseMs * 2, this.pauses.longestMs);
    this.failing = true;
    this.logger.warn('database: a write-ahead log checkpoint failed; commits checkpoint it until checkpoints resume', {
      ...error,
      restartInMs: pauseMs,
    });
    this.restart = setTimeout(() => this.run(), pauseMs);
    this.restart.unref();
  }
}
