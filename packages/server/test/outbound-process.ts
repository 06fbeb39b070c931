import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../src/outbound.js', import.meta.url));

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface OutboundProcess {
  /** Where it said it listens. */
  readonly url: string;
  /** Sends SIGTERM and waits for the process to end. */
  stop(): Promise<Finished>;
}

interface Spawned {
  readonly child: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  readonly finished: Promise<Finished>;
}

/** A fresh folder to run the command in, so its default `./data/outbound.sqlite` is its own. */
export function aWorkingFolder(): string {
  return mkdtempSync(join(tmpdir(), 'outbound-server-'));
}

export interface RunOptions {
  readonly args?: readonly string[];
  /** Where the command runs; a fresh folder when not given. */
  readonly cwd?: string;
}

function spawnOutbound(env: Record<string, string>, { args = [], cwd }: RunOptions): Spawned {
  const folder = cwd ?? aWorkingFolder();
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: folder,
    env: { PATH: process.env['PATH'] ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const finished = new Promise<Finished>((resolve) =>
    child.once('exit', (code) => {
      if (cwd === undefined) rmSync(folder, { recursive: true, force: true });
      resolve({ code, ...output });
    }),
  );
  return { child, output, finished };
}

/** Runs the `outbound` command as a user would, resolving once it logs the address it listens on. */
export function startOutbound(env: Record<string, string>, options: RunOptions = {}): Promise<OutboundProcess> {
  const { child, output, finished } = spawnOutbound(env, options);
  return new Promise((resolve, reject) => {
    const onData = () => {
      const url = /listening on (http:\/\/\S+)/.exec(output.stdout)?.[1];
      if (url === undefined) return;
      child.stdout?.off('data', onData);
      resolve({
        url,
        stop: () => {
          child.kill('SIGTERM');
          return finished;
        },
      });
    };
    child.stdout?.on('data', onData);
    void finished.then(({ code, stdout, stderr }) =>
      reject(new Error(`outbound exited with ${code} before listening:\n${stdout}${stderr}`)),
    );
  });
}

/** Runs the `outbound` command expecting it to end by itself. */
export function runOutbound(env: Record<string, string>, options: RunOptions = {}): Promise<Finished> {
  return spawnOutbound(env, options).finished;
}
