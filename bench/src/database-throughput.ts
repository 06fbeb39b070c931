// Small requests where a deployment serves them: POST /createContactAndCampaign with 10 rows, on
// SQLite and on MySQL, beside the bare baseline of bare-app.ts writing the same rows into the same
// tables in the same run; and in memory beside a bare Koa app that only parses the body. Each
// server runs in a process of its own, reports its own CPU time and peak RSS, and gets a database
// of its own, emptied before every round; rounds alternate between the servers. In memory, the
// HTTP adapter alone, with a use case that answers at once, and bare Koa keeping the rows it is
// sent are measured beside them: what the adapter costs before the checks and the storage, and
// what keeping the rows costs any server.
import { emptyTables, openMysqlDatabase, openSqliteDatabase, type TestDatabase } from '@outbound/adapters-sql/testing';
import autocannon from 'autocannon';
import { ForkedServer, type ServerKind } from './forked-server.js';
import { median } from './median.js';
import { tenRowBody } from './ten-row-body.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 4);
const CONNECTION_COUNTS = (process.env['BENCH_CONNECTIONS'] ?? '16,64').split(',').map(Number);
const ONLY = process.env['BENCH_ONLY']?.split(',');

interface Scenario {
  readonly label: string;
  readonly nextBody: () => string;
}

let requestCount = 0;
const NEW_NAMES: Scenario = {
  label: 'new name',
  nextBody: () => tenRowBody(`bench_${process.pid}_${(requestCount += 1)}`),
};
let roundCount = 0;
// After the first request of a round, each is a replay: checked, compared with what is stored, nothing
// written. Each round replays a name of its own, so that a request of the round before, still being
// served while the tables are emptied, cannot leave this round's name half-stored.
const REPLAYS: Scenario = { label: 'replay', nextBody: () => tenRowBody(`bench_same_${roundCount}`) };

interface Target {
  readonly label: string;
  /** Minimum req/s ratio to the baseline, by scenario; no entry, no target. */
  readonly minRatio: Partial<Record<string, number>>;
  /** Most p99 latency may be of the baseline's, with new names. */
  readonly maxP99Ratio?: number;
  open(): Promise<readonly [TestDatabase | null, TestDatabase | null]>;
}

const noDatabase = async () => [null, null] as const;

function targets(): Target[] {
  const all: Target[] = [
    { label: 'memory', minRatio: { replay: 0.75, 'new name': 0.65 }, open: noDatabase },
    {
      label: 'SQLite',
      minRatio: { 'new name': 0.9 },
      maxP99Ratio: 1.5,
      open: async () => [await openSqliteDatabase('bench_bare'), await openSqliteDatabase('bench_outbound')],
    },
  ];
  const mysqlUrl = process.env['MYSQL_URL'];
  if (mysqlUrl !== undefined && mysqlUrl !== '') {
    all.push({
      label: 'MySQL',
      minRatio: { 'new name': 0.85 },
      maxP99Ratio: 1.5,
      open: async () => [
        await openMysqlDatabase(mysqlUrl, 'bench_bare'),
        await openMysqlDatabase(mysqlUrl, 'bench_outbound'),
      ],
    });
  } else console.log('MYSQL_URL is not set: measuring in memory and SQLite only');
  return all.filter((target) => ONLY === undefined || ONLY.includes(target.label));
}

/** A server of the bench and the database it writes to, emptied before each of its rounds. */
interface Server {
  readonly process: ForkedServer;
  readonly database: TestDatabase | null;
}

async function startOn(kind: ServerKind, database: TestDatabase | null): Promise<Server> {
  return { process: await ForkedServer.start(kind, database?.url ?? 'memory:'), database };
}

interface Round {
  readonly requestsPerSecond: number;
  readonly cpuMicrosPerRequest: number;
  readonly p50: number;
  readonly p99: number;
}

async function round(server: Server, scenario: Scenario, connections: number, seconds: number): Promise<Round> {
  roundCount += 1;
  if (server.database !== null) await emptyTables(server.database.knex);
  const before = await server.process.usage();
  const result = await autocannon({
    url: `${server.process.url}/createContactAndCampaign`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: scenario.nextBody() }) }],
    connections,
    duration: seconds,
  });
  const after = await server.process.usage();
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) {
    const statuses = Object.entries(result.statusCodeStats ?? {}).map(
      ([status, { count }]) => `${status}: ${count ?? 0}`,
    );
    throw new Error(
      `${failed} requests failed on the ${server.process.kind} server (${statuses.join(', ')}; ${result.errors} errors, ${result.timeouts} timeouts)`,
    );
  }
  return {
    requestsPerSecond: result.requests.average,
    cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / result['2xx'],
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

function medianRound(rounds: readonly Round[]): Round {
  return {
    requestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
    cpuMicrosPerRequest: median(rounds.map((r) => r.cpuMicrosPerRequest)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
  };
}

/** Servers measured against the bare one, each with the label of its line in the table. */
interface Contender {
  readonly kind: Exclude<ServerKind, 'bare'>;
  readonly label: (scenario: Scenario) => string;
  /** Whether its line holds the target's figures. */
  readonly held: boolean;
}

const OUTBOUND: Contender = { kind: 'outbound', label: (scenario) => scenario.label, held: true };
/** In memory, how far the HTTP adapter alone is from bare Koa: the line the rest of outbound starts from. */
const ADAPTER_ALONE: Contender = {
  kind: 'adapter',
  label: (scenario) => `${scenario.label}, the HTTP adapter alone`,
  held: false,
};

/**
 * In memory, what keeping the rows costs before any check: bare Koa keeping each new name's parsed
 * rows in a map. With new names its store grows as outbound's does; replayed, it keeps nothing new.
 */
const BARE_KEEPING: Contender = {
  kind: 'bare-keeping',
  label: (scenario) => `${scenario.label}, bare Koa keeping the rows`,
  held: false,
};

async function measure(target: Target): Promise<boolean> {
  const [bareDatabase, outboundDatabase] = await target.open();
  // A database is emptied before every round. The in-memory store cannot be, and would keep every
  // list the new names stored while the replays after them run, so in memory each scenario and
  // connection count gets servers of their own.
  const inMemory = bareDatabase === null;
  const contenders = inMemory ? [OUTBOUND, ADAPTER_ALONE, BARE_KEEPING] : [OUTBOUND];
  const peakRssMb = { bare: 0, outbound: 0 };
  let servers: { readonly bare: Server; readonly others: readonly Server[] } | undefined;
  const stopAll = ({ bare, others }: NonNullable<typeof servers>) =>
    Promise.all([bare, ...others].map((server) => server.process.stop()));
  const stopServers = async (): Promise<void> => {
    if (servers === undefined) return;
    const [bareUsage, outboundUsage] = await Promise.all([
      servers.bare.process.usage(),
      (servers.others[contenders.indexOf(OUTBOUND)] as Server).process.usage(),
    ]);
    peakRssMb.bare = Math.max(peakRssMb.bare, bareUsage.peakRssMb);
    peakRssMb.outbound = Math.max(peakRssMb.outbound, outboundUsage.peakRssMb);
    await stopAll(servers);
    servers = undefined;
  };
  let met = true;
  try {
    for (const scenario of [NEW_NAMES, REPLAYS]) {
      for (const connections of CONNECTION_COUNTS) {
        if (inMemory) await stopServers();
        servers ??= {
          bare: await startOn('bare', bareDatabase),
          others: await Promise.all(contenders.map(({ kind }) => startOn(kind, outboundDatabase))),
        };
        const { bare, others } = servers;
        const all = [bare, ...others];
        for (const server of all) await round(server, scenario, connections, 1);
        // Each set of rounds runs back to back, the servers in one order and then in the other,
        // alternately, so that a slow spell of this shared machine weighs on all alike.
        const sets: Round[][] = [];
        for (let index = 0; index < ROUNDS; index += 1) {
          const order = index % 2 === 0 ? all : [...all].reverse();
          const rounds = new Map<Server, Round>();
          for (const server of order) rounds.set(server, await round(server, scenario, connections, SECONDS));
          sets.push(all.map((server) => rounds.get(server) as Round));
        }
        const b = medianRound(sets.map(([bareRound]) => bareRound as Round));
        contenders.forEach((contender, position) => {
          const ofContender = (set: Round[]) => set[position + 1] as Round;
          const o = medianRound(sets.map(ofContender));
          // The median of the sets' ratios rather than the ratio of the medians: a set shares the machine's mood.
          const ratio = median(
            sets.map((set) => ofContender(set).requestsPerSecond / (set[0] as Round).requestsPerSecond),
          );
          // autocannon reports latency in whole milliseconds: a baseline's p99 of 0 gives no ratio.
          const p99Ratios = sets
            .filter(([bareRound]) => (bareRound as Round).p99 > 0)
            .map((set) => ofContender(set).p99 / (set[0] as Round).p99);
          const p99Ratio = p99Ratios.length === 0 ? undefined : median(p99Ratios);
          const minRatio = contender.held ? target.minRatio[scenario.label] : undefined;
          const held =
            (minRatio === undefined || ratio >= minRatio) &&
            (minRatio === undefined ||
              target.maxP99Ratio === undefined ||
              p99Ratio === undefined ||
              p99Ratio <= target.maxP99Ratio);
          met &&= held;
          const aim =
            minRatio === undefined
              ? ''
              : ` (≥ ${minRatio}${target.maxP99Ratio ? `, p99 ≤ ${target.maxP99Ratio}x` : ''})`;
          console.log(
            `| ${target.label} | ${contender.label(scenario)} | ${connections} | ${b.requestsPerSecond.toFixed(0)} | ${o.requestsPerSecond.toFixed(0)} | **${ratio.toFixed(2)}**${aim} | ${b.cpuMicrosPerRequest.toFixed(0)} / ${o.cpuMicrosPerRequest.toFixed(0)} µs (${(o.cpuMicrosPerRequest / b.cpuMicrosPerRequest).toFixed(2)}) | ${b.p50} / ${o.p50} ms | ${b.p99} / ${o.p99} ms (${p99Ratio?.toFixed(2) ?? '–'}) |`,
          );
        });
      }
    }
    await stopServers();
    const over = inMemory
      ? 'the servers of one scenario and connection count, at most'
      : 'the server over the whole run';
    console.log(
      `| ${target.label} | peak RSS of ${over} | | | | | ${peakRssMb.bare.toFixed(0)} / ${peakRssMb.outbound.toFixed(0)} MB | | |`,
    );
  } finally {
    if (servers !== undefined) await stopAll(servers);
    await bareDatabase?.drop();
    await outboundDatabase?.drop();
  }
  return met;
}

async function main(): Promise<void> {
  console.log(
    `POST /createContactAndCampaign, 10 rows; medians of ${ROUNDS} sets of rounds of ${SECONDS} s (ratios: median of the sets' ratios); bare / outbound (in memory also the HTTP adapter alone, with a use case that answers at once, and bare Koa keeping the rows)`,
  );
  console.log(
    '| storage | body | connections | bare req/s | outbound req/s | ratio (target) | CPU per request | p50 | p99 (ratio) |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  let met = true;
  for (const target of targets()) met = (await measure(target)) && met;
  console.log(`targets: ${met ? 'met' : 'NOT met'}`);
  if (!met) process.exitCode = 1;
}

await main();
