import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const outboundEntry = fileURLToPath(new URL('../src/outbound.js', import.meta.url));

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface OutboundProcess {
  /** Where it said it listens. */
  readonly url: string;
  /** The process id, to read its resource use or to kill it another way. */
  readonly pid: number;
  /** Sends SIGTERM and waits for the process to end. */
  stop(): Promise<Finished>;
  /** Sends a signal, leaving the process to end (or not) by itself. */
  signal(name: NodeJS.Signals): void;
  /** Resolves when the process has ended. */
  readonly ended: Promise<Finished>;
  /** What it has written to stdout so far. */
  stdoutSoFar(): string;
}

export interface RunOptions {
  readonly args?: readonly string[];
  /** Where the command runs; a fresh folder, removed when it ends, when not given. */
  readonly cwd?: string;
  /** The executable that is the `outbound` command; this package's own when not given. */
  readonly executable?: string;
  /** Told the process id once it runs, to watch its resource use. */
  readonly onStarted?: (pid: number) => void;
}

/** A fresh folder to run the command in, so its default `./data/outbound.sqlite` is its own. */
export function aWorkingFolder(): string {
  return mkdtempSync(join(tmpdir(), 'outbound-server-'));
}

interface Spawned {
  readonly child: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  readonly finished: Promise<Finished>;
}

/**
 * Only what a test sets reaches the command, plus PATH and a coverage folder when one is being
 * collected: nothing of the caller's own environment leaks into what is measured.
 */
function environment(env: Readonly<Record<string, string>>): Record<string, string> {
  const coverage = process.env['NODE_V8_COVERAGE'];
  return {
    PATH: process.env['PATH'] ?? '',
    ...(coverage === undefined ? {} : { NODE_V8_COVERAGE: coverage }),
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
  };
}

function spawnOutbound(
  env: Readonly<Record<string, string>>,
  { args = [], cwd, executable, onStarted }: RunOptions,
): Spawned {
  const folder = cwd ?? aWorkingFolder();
  const [command, commandArgs] =
    executable === undefined ? [process.execPath, [outboundEntry, ...args]] : [executable, [...args]];
  const child = spawn(command, commandArgs, { cwd: folder, env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) onStarted?.(child.pid);
  const output = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const finished = new Promise<Finished>((resolve) =>
    child.once('close', (code) => {
      if (cwd === undefined) rmSync(folder, { recursive: true, force: true });
      resolve({ code, ...output });
    }),
  );
  return { child, output, finished };
}

/**
 * Runs the `outbound` command as a user would (PORT=0 and HOST=127.0.0.1 unless `env` says
 * otherwise), resolving once it logs the address it listens on; rejects, with its output, when it
 * ends before that.
 */
export function startOutbound(
  env: Readonly<Record<string, string>>,
  options: RunOptions = {},
): Promise<OutboundProcess> {
  const { child, output, finished } = spawnOutbound(env, options);
  return new Promise((resolve, reject) => {
    const onData = () => {
      const url = listeningUrlIn(output.stdout);
      if (url === undefined) return;
      child.stdout?.off('data', onData);
      resolve({
        url,
        pid: child.pid as number,
        stop: () => {
          child.kill('SIGTERM');
          return finished;
        },
        signal: (name) => child.kill(name),
        ended: finished,
        stdoutSoFar: () => output.stdout,
      });
    };
    child.stdout?.on('data', onData);
    void finished.then(({ code, stdout, stderr }) =>
      reject(new Error(`outbound exited with ${code} before listening:\n${stdout}${stderr}`)),
    );
  });
}

/** The `url` of the log line that says where the server listens, once it has been written whole. */
function listeningUrlIn(stdout: string): string | undefined {
  for (const line of stdout.split('\n').slice(0, -1)) {
    if (!line.includes('outbound listening on')) continue;
    const { url } = JSON.parse(line) as { url?: unknown };
    if (typeof url === 'string') return url;
  }
  return undefined;
}

/** Runs the `outbound` command expecting it to end by itself. */
export function runOutbound(env: Readonly<Record<string, string>>, options: RunOptions = {}): Promise<Finished> {
  return spawnOutbound(env, options).finished;
}
