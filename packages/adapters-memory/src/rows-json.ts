import type { ContactRow, JsonValue } from '@outbound/domain';

type RowTuple = [phoneNumber: string, name: string | null, otherDetails: Record<string, JsonValue>];

/**
 * Rows as JSON text in one fixed shape, so two equal lists give the same text however their row
 * objects were built.
 */
export function rowsToJson(rows: readonly ContactRow[]): string {
  return JSON.stringify(rows.map((row): RowTuple => [row.phoneNumber, row.name, row.otherDetails]));
}

export function rowsFromJson(json: string): ContactRow[] {
  return (JSON.parse(json) as RowTuple[]).map(([phoneNumber, name, otherDetails]) => ({
    phoneNumber,
    name,
    otherDetails,
  }));
}
