import type { CampaignDraft, ContactListDraft, ContactRow, OwnedName } from '@outbound/domain';

/**
 * Distinct canonical rows whose custom fields exercise what storage must keep exactly: types,
 * nesting, unicode, empty values. `seed` keeps rows of different calls apart.
 */
export function someContactRows(count: number, seed = 1): ContactRow[] {
  return Array.from({ length: count }, (_, index) => ({
    phoneNumber: `+${91_000_000_000 + seed * 1_000_000 + index}`,
    name: index % 5 === 4 ? null : `Person ${seed}-${index} Ünïcødé 名前 🙂`,
    otherDetails: {
      email: `p${seed}.${index}@example.com`,
      age: 20 + (index % 50),
      score: index / 8,
      vip: index % 2 === 0,
      note: null,
      tags: ['a', index, { deep: [true, null, 'x'] }],
      address: { city: 'Zürich', lines: [], empty: {} },
    },
  }));
}

/** The list or campaign `createdBy` holds under `name`; by default one stored without an API key. */
export function named(name: string, createdBy: string | null = null): OwnedName {
  return { createdBy, name };
}

export function aContactListDraft(
  name: string,
  rows: readonly ContactRow[],
  createdBy: string | null = null,
): ContactListDraft {
  return { createdBy, name, rows };
}

export function aCampaignDraft(
  name: string,
  contactListName: string,
  rows: readonly ContactRow[],
  createdBy: string | null = null,
): CampaignDraft {
  return { createdBy, name, contactListName, status: 'not-yet-started', rows };
}
