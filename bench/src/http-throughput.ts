// Requests per second of POST /createContactAndCampaign (in memory, 10-row body) beside a bare Koa
// app that only parses the same body and answers 200, in the same run, so the ratio survives a
// noisy shared machine. A third server, the HTTP adapter over a use case that does nothing, shows
// how the difference splits between the adapter and the use case. Each server runs in its own
// process; rounds alternate between them. A fourth, outbound again, is sent its requests at
// `/createContactAndCampaign/`, a path only the router serves: beside the third, it shows what
// serving the write route ahead of the router saves.
import { bodyParser } from '@koa/bodyparser';
import { createHttpApp } from '@outbound/adapters-http';
import { silentLogger, type CreateContactAndCampaignOutcome } from '@outbound/domain';
import { readServerConfig, startServer } from '@outbound/server';
import autocannon from 'autocannon';
import Koa from 'koa';
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { median } from './median.js';
import { tenRowBody } from './ten-row-body.js';

type Target = 'bare' | 'adapter' | 'outbound' | 'routed';
const TARGETS: readonly Target[] = ['bare', 'adapter', 'outbound', 'routed'];
/** The path each target is sent its requests at. */
const PATHS: Readonly<Record<Target, string>> = {
  bare: '/createContactAndCampaign',
  adapter: '/createContactAndCampaign',
  outbound: '/createContactAndCampaign',
  routed: '/createContactAndCampaign/',
};

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10);
const TARGET_RATIO = 0.8;

interface Scenario {
  readonly label: string;
  /** The body of the next request. */
  readonly nextBody: () => string;
}

let requestCount = 0;
const scenarios: readonly Scenario[] = [
  // After the first request each one is a replay: validated and compared, nothing written.
  { label: 'the same body every time', nextBody: () => tenRowBody('bench_same') },
  // Every request creates a list and a campaign, kept in memory for the rest of the run.
  { label: 'a new identifierName every time', nextBody: () => tenRowBody(`bench_${(requestCount += 1)}`) },
];

const fixedOutcome: CreateContactAndCampaignOutcome = {
  code: 'succeeded',
  contactListName: 'Bench_contact_same',
  campaignName: 'Bench_campaign_same',
  rowsStored: 10,
  duplicatesSkipped: 0,
  replayed: false,
};

function appFor(target: 'bare' | 'adapter'): Koa {
  if (target === 'adapter') return createHttpApp({ execute: () => Promise.resolve(fixedOutcome) });
  const app = new Koa();
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: 32 * 1024 * 1024, encoding: 'utf-8' }));
  app.use((ctx) => {
    ctx.body = { status: 'success', data: { message: 'Done' }, message: 'Contact and campaign created.' };
  });
  return app;
}

async function serve(target: Target): Promise<number> {
  if (target === 'outbound' || target === 'routed') {
    const config = readServerConfig({ PORT: '0', HOST: '127.0.0.1', BRAND_NAME: 'Bench', DATABASE_URL: 'memory:' });
    return Number(new URL((await startServer(config, silentLogger)).url).port);
  }
  const server = appFor(target).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return (server.address() as AddressInfo).port;
}

async function startTarget(target: Target) {
  const child = fork(fileURLToPath(import.meta.url), ['serve', target], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve(Number(message))));
  return { target, port, stop: () => child.kill('SIGTERM') };
}

async function requestsPerSecond(
  { target, port }: { target: Target; port: number },
  scenario: Scenario,
  seconds: number,
): Promise<number> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${PATHS[target]}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: scenario.nextBody() }) }],
    connections: CONNECTIONS,
    duration: seconds,
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${failed} requests failed on port ${port}`);
  return result.requests.average;
}

async function measure(scenario: Scenario): Promise<Record<Target, number>> {
  const servers = await Promise.all(TARGETS.map(startTarget));
  try {
    const rates: Record<Target, number[]> = { bare: [], adapter: [], outbound: [], routed: [] };
    for (const server of servers) await requestsPerSecond(server, scenario, 2);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const server of servers) rates[server.target].push(await requestsPerSecond(server, scenario, SECONDS));
    }
    return {
      bare: median(rates.bare),
      adapter: median(rates.adapter),
      outbound: median(rates.outbound),
      routed: median(rates.routed),
    };
  } finally {
    for (const server of servers) server.stop();
  }
}

async function main(): Promise<void> {
  console.log(
    `POST /createContactAndCampaign, 10 rows, ${CONNECTIONS} connections, median of ${ROUNDS} x ${SECONDS} s`,
  );
  console.log(
    '| body | bare Koa + @koa/bodyparser | HTTP adapter, use case doing nothing | outbound, in memory | ratio | outbound, write route through the router |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const ratios: number[] = [];
  for (const scenario of scenarios) {
    const { bare, adapter, outbound, routed } = await measure(scenario);
    ratios.push(outbound / bare);
    const rate = (value: number) => `${value.toFixed(0)} req/s`;
    console.log(
      `| ${scenario.label} | ${rate(bare)} | ${rate(adapter)} (${(adapter / bare).toFixed(2)}) | ${rate(outbound)} | ${(outbound / bare).toFixed(2)} | ${rate(routed)} (${(routed / bare).toFixed(2)}) |`,
    );
  }
  const met = ratios.every((ratio) => ratio >= TARGET_RATIO);
  console.log(`target: outbound at least ${TARGET_RATIO} of the bare app: ${met ? 'met' : 'NOT met'}`);
  if (!met) process.exitCode = 1;
}

if (process.argv[2] === 'serve') {
  process.send?.(await serve(process.argv[3] as Target));
} else {
  await main();
}
