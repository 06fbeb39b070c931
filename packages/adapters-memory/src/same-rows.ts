import type { ContactRow } from '@outbound/domain';
import { dequal } from 'dequal';

/** Whether two row lists are equal as the ports define it: same rows in the same order, custom fields equal as JSON. */
export function sameRows(stored: readonly ContactRow[], draft: readonly ContactRow[]): boolean {
  return dequal(stored, draft);
}
