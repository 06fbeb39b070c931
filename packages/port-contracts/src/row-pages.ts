import type { ContactRow, RowPage, RowPageQuery } from '@outbound/domain';

/** Reads every row through pages of `pageSize`, each starting where the one before ended; also answers the summaries seen. */
export async function readEveryPage<Summary>(
  readRows: (query: RowPageQuery) => Promise<RowPage<Summary> | null>,
  pageSize: number,
): Promise<{ rows: ContactRow[]; pages: number; summaries: Summary[] }> {
  const rows: ContactRow[] = [];
  const summaries: Summary[] = [];
  for (let pages = 0; ; pages += 1) {
    const page = await readRows({ fromPosition: rows.length, limit: pageSize });
    if (page === null) throw new Error('the list or campaign vanished while it was read');
    summaries.push(page.summary);
    if (page.rows.length > pageSize) throw new Error(`a page held ${page.rows.length} rows, more than ${pageSize}`);
    if (page.rows.length === 0) return { rows, pages, summaries };
    rows.push(...page.rows);
  }
}

/**
 * Rows whose custom fields must come back exactly as JSON allows: nesting, unicode beyond the
 * basic plane, escapes, numbers at the edges of what a double holds, keys in a given order.
 */
export function rowsThatMustSurviveExactly(): ContactRow[] {
  return [
    {
      phoneNumber: '+919000000001',
      name: 'Ŝtéfan 🙂 "quoted" \\ back\nslash',
      otherDetails: {
        nested: { a: [1, [2, [3, { deep: { deeper: [null, true, false, ''] } }]]] },
        unicode: '名前 Zürich 👩‍👩‍👧 \u0000 \u2028 \uD83D\uDE00',
        'key with spaces and ünïcode 🔑': 'value',
        largest: Number.MAX_VALUE,
        smallest: Number.MIN_VALUE,
        beyondSafeInteger: 2 ** 53 + 2,
        negative: -1.5e-300,
        bigAsSent: JSON.parse('12345678901234567890') as number,
        zero: 0,
        emptyArray: [],
        emptyObject: {},
        z: 1,
        a: 2,
      },
    },
    { phoneNumber: '+14155550100', name: null, otherDetails: {} },
  ];
}
