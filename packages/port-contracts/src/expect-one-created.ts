import { expect } from 'chai';
import { isDeepStrictEqual } from 'node:util';
import type { ContactRow } from '@outbound/domain';

/**
 * After simultaneous creations under one name: exactly one answered `created`, the stored rows are
 * that caller's, and every other caller was told truly whether its rows are the stored ones.
 */
export function expectOneCreated(
  results: readonly ({ status: 'created' } | { status: 'exists'; sameRows: boolean })[],
  drafts: readonly { rows: readonly ContactRow[] }[],
  storedRows: readonly ContactRow[] | undefined,
): void {
  expect(results.filter((result) => result.status === 'created')).to.have.length(1);
  results.forEach((result, index) => {
    const hasStoredRows = isDeepStrictEqual(drafts[index]?.rows, storedRows);
    expect(result.status === 'created' || result.sameRows).to.equal(hasStoredRows);
  });
}
