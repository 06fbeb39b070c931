// What a page of 1,000 rows costs at the start of a 100,000-row list and at its end, read through
// GET /contactLists/{name}/contacts on a running server, on SQLite and on MySQL. Reads go by row
// position (keyset), so the two should cost the same; beside them, in the same run, the bare
// driver reading the same pages with OFFSET, which is what keyset paging avoids. Rounds alternate.
import { openMysqlDatabase, openSqliteDatabase, type TestDatabase } from '@outbound/adapters-sql/testing';
import { startOutbound, type OutboundProcess } from '@outbound/server/testing';
import { elapsedSeconds } from './elapsed-seconds.js';
import { median } from './median.js';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 100_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);
const PAGE = 1_000;
/** The last page may cost this much more than the first and still be the same work. */
const LAST_TO_FIRST_TARGET = 1.25;

const userData = Array.from({ length: ROWS }, (_, index) => ({
  phone_number: `+1 ${String(2_000_000_000 + index)}`,
  name: `Person ${index}`,
  email: `person${index}@example.com`,
  plan: { tier: index % 3, tags: ['gold', 'ü'] },
}));
const LIST = 'Bench_contact_pages';

const milliseconds = async (work: () => Promise<unknown>): Promise<number> => (await elapsedSeconds(work)) * 1_000;

async function page(outbound: OutboundProcess, cursor: string | null): Promise<string | null> {
  const query = `limit=${PAGE}${cursor === null ? '' : `&cursor=${cursor}`}`;
  const response = await fetch(`${outbound.url}/contactLists/${LIST}/contacts?${query}`);
  if (response.status !== 200) throw new Error(`outbound answered ${response.status}`);
  const { data } = (await response.json()) as { data: { nextCursor: string | null; contacts: unknown[] } };
  if (data.contacts.length !== PAGE) throw new Error(`a page held ${data.contacts.length} rows`);
  return data.nextCursor;
}

/** The bare driver's page by OFFSET, on the same table, through knex's raw SQL. */
async function offsetPage(database: TestDatabase, listId: number, offset: number): Promise<void> {
  await database.knex.raw(
    'select phone_number, name, other_details from contacts where contact_list_id = ? order by position limit ? offset ?',
    [listId, PAGE, offset],
  );
}

async function measure(database: TestDatabase, label: string): Promise<boolean> {
  const outbound = await startOutbound({ DATABASE_URL: database.url, BRAND_NAME: 'Bench' });
  try {
    const created = await fetch(`${outbound.url}/createContactAndCampaign`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ identifierName: 'pages', userData }),
    });
    if (created.status !== 200) throw new Error(`outbound answered ${created.status} to the list`);
    // The cursor of the last page, reached by walking every page before it.
    let lastCursor: string | null = null;
    for (let index = 0; index < ROWS / PAGE - 1; index += 1) lastCursor = await page(outbound, lastCursor);
    const [{ id: listId }] = (await database.knex('contact_lists').select('id').where('name', LIST)) as [
      { id: number },
    ];

    const first: number[] = [];
    const last: number[] = [];
    const offsetFirst: number[] = [];
    const offsetLast: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      first.push(await milliseconds(() => page(outbound, null)));
      last.push(await milliseconds(() => page(outbound, lastCursor)));
      offsetFirst.push(await milliseconds(() => offsetPage(database, listId, 0)));
      offsetLast.push(await milliseconds(() => offsetPage(database, listId, ROWS - PAGE)));
    }
    const ratio = median(last) / median(first);
    const offsetRatio = median(offsetLast) / median(offsetFirst);
    console.log(
      `| ${label} | ${median(first).toFixed(1)} ms | ${median(last).toFixed(1)} ms | ${ratio.toFixed(2)} | ${median(offsetFirst).toFixed(1)} ms | ${median(offsetLast).toFixed(1)} ms | ${offsetRatio.toFixed(2)} |`,
    );
    return ratio <= LAST_TO_FIRST_TARGET;
  } finally {
    await outbound.stop();
  }
}

async function main(): Promise<void> {
  const mysqlUrl = process.env['MYSQL_URL'];
  const openers: [string, () => Promise<TestDatabase>][] = [['SQLite', () => openSqliteDatabase('outbound_bench')]];
  if (mysqlUrl !== undefined && mysqlUrl !== '') {
    openers.push(['MySQL', () => openMysqlDatabase(mysqlUrl, 'outbound_bench')]);
  } else console.log('MYSQL_URL is not set: measuring SQLite only');

  console.log(`\nA page of ${PAGE} rows of a ${ROWS}-row list, first and last, median of ${ROUNDS} rounds`);
  console.log(
    '| database | outbound, first page | outbound, last page | last / first | bare OFFSET 0 | bare OFFSET 99,000 | last / first |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  let met = true;
  for (const [label, open] of openers) {
    const database = await open();
    try {
      met = (await measure(database, label)) && met;
    } finally {
      await database.drop();
    }
  }
  console.log(`target: the last page at most ${LAST_TO_FIRST_TARGET}x the first: ${met ? 'met' : 'NOT met'}`);
  if (!met) process.exitCode = 1;
}

await main();
