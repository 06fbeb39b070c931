import { spawn, type ChildProcess } from 'node:child_process';
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

function spawnOutbound(env: Record<string, string>, args: readonly string[]): Spawned {
  const child = spawn(process.execPath, [entry, ...args], {
    env: { PATH: process.env['PATH'] ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const finished = new Promise<Finished>((resolve) => child.once('exit', (code) => resolve({ code, ...output })));
  return { child, output, finished };
}

/** Runs the `outbound` command as a user would, resolving once it logs the address it listens on. */
export function startOutbound(env: Record<string, string>, args: readonly string[] = []): Promise<OutboundProcess> {
  const { child, output, finished } = spawnOutbound(env, args);
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
export function runOutbound(env: Record<string, string>, args: readonly string[] = []): Promise<Finished> {
  return spawnOutbound(env, args).finished;
}
