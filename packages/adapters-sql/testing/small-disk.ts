import { execFile } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A file system of its own, small enough for a test to fill. */
export interface SmallDisk {
  /** Where it is mounted. */
  readonly folder: string;
  /** Writes a file that takes every byte left, so that the next write to grow a file fails with ENOSPC. */
  fill(): void;
  /** Removes what {@link fill} wrote. */
  free(): Promise<void>;
  /** Unmounts it and removes its folder. */
  unmount(): Promise<void>;
}

const FILLER = 'filler';

/**
 * Mounts a tmpfs of `size` (as mount(8) reads it: `2m`) on a new folder, for the test `context`
 * runs. Only root on Linux may: elsewhere the test is skipped, its title saying why, except with
 * `CI=true`, where the machine is one that may and a test that cannot is a failure.
 */
export async function mountSmallDisk(context: Mocha.Context, size: string): Promise<SmallDisk> {
  const folder = await mkdtemp(join(tmpdir(), 'outbound_disk_'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', folder]);
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    const reason = `a tmpfs cannot be mounted here (${firstLine(error)})`;
    if (process.env['CI'] === 'true') throw new Error(`${reason}; with CI=true this test must run`, { cause: error });
    const test = context.currentTest ?? context.test;
    if (test !== undefined) test.title += ` [skipped: ${reason}]`;
    context.skip();
  }
  return {
    folder,
    fill: () => {
      const filler = openSync(join(folder, FILLER), 'w');
      try {
        const block = Buffer.alloc(64 * 1024);
        // A write that fits part of the block writes that part; the next finds no room at all.
        for (;;) writeSync(filler, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(filler);
      }
    },
    free: () => rm(join(folder, FILLER), { force: true }),
    unmount: async () => {
      // Lazily, so that a file a failed test left open does not leave the mount behind.
      await run('umount', ['--lazy', folder]);
      await rm(folder, { recursive: true, force: true });
    },
  };
}

function firstLine(error: unknown): string {
  const { stderr, message } = error as { stderr?: unknown; message?: unknown };
  const text = typeof stderr === 'string' && stderr.trim() !== '' ? stderr : String(message);
  return text.trim().split('\n')[0] ?? '';
}
