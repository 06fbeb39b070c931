// A server of the benches in a process of its own, so that it reports its own CPU time and peak
// RSS: the bare app of bare-app.ts or outbound, over the storage a URL names.
import { createHttpApp, type CreateContactAndCampaignPort } from '@outbound/adapters-http';
import { silentLogger } from '@outbound/domain';
import { readServerConfig, startServer } from '@outbound/server';
import { fork, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type Koa from 'koa';
import { bareApp, bareKeepingApp } from './bare-app.js';
import { bareDispatchApp } from './bare-dispatch-app.js';

/**
 * The bare app, outbound as it runs, outbound's HTTP adapter alone with a use case that answers at
 * once, (in memory) bare Koa keeping the rows it is sent, or the bare app handing out calls.
 */
export type ServerKind = 'bare' | 'outbound' | 'adapter' | 'bare-keeping' | 'bare-dispatch';

export interface ServerUsage {
  readonly cpuMicros: number;
  readonly peakRssMb: number;
}

/** In the server's process: what it has used so far. */
function usage(): ServerUsage {
  const { user, system } = process.cpuUsage();
  return { cpuMicros: user + system, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** A use case that checks nothing, keeps nothing and answers that it succeeded. */
const answeringAtOnce: CreateContactAndCampaignPort = {
  execute: async () => ({
    code: 'succeeded',
    contactListName: 'Bench_contact_adapter',
    campaignName: 'Bench_campaign_adapter',
    rowsStored: 10,
    duplicatesSkipped: 0,
    replayed: false,
  }),
};

/** Listens on a free port of the loopback interface; its port. */
async function listen(app: Koa): Promise<number> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return (server.address() as AddressInfo).port;
}

/** In the server's process: serves, and answers with its port. */
async function serve(kind: ServerKind, databaseUrl: string): Promise<number> {
  switch (kind) {
    case 'outbound': {
      const config = readServerConfig({ PORT: '0', HOST: '127.0.0.1', BRAND_NAME: 'Bench', DATABASE_URL: databaseUrl });
      return Number(new URL((await startServer(config, silentLogger)).url).port);
    }
    case 'adapter':
      return listen(createHttpApp(answeringAtOnce));
    case 'bare-keeping':
      return listen(bareKeepingApp());
    case 'bare':
      return listen(bareApp(databaseUrl));
    case 'bare-dispatch':
      return listen(bareDispatchApp(databaseUrl));
  }
}

export class ForkedServer {
  private constructor(
    readonly kind: ServerKind,
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  /** Starts a server of `kind` over `databaseUrl` (`memory:` for none) in a new process. */
  static async start(kind: ServerKind, databaseUrl: string): Promise<ForkedServer> {
    const child = fork(fileURLToPath(import.meta.url), ['serve', kind, databaseUrl], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve(Number(message))));
    return new ForkedServer(kind, `http://127.0.0.1:${port}`, child);
  }

  usage(): Promise<ServerUsage> {
    const answer = new Promise<ServerUsage>((resolve) =>
      this.child.once('message', (message) => resolve(message as ServerUsage)),
    );
    this.child.send('usage');
    return answer;
  }

  /** Stops the process and waits until it is gone. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'serve') {
  process.on('message', () => process.send?.(usage()));
  process.send?.(await serve(process.argv[3] as ServerKind, process.argv[4] as string));
}
