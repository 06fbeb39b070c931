import { clipped } from '@outbound/domain';

/** What each column of a CSV header holds. */
export interface CsvColumns {
  /** The header's name of the column of phone numbers. */
  readonly phone: string;
  /** How that column was chosen: named by the caller, `phone_number` itself, or recognised by its spelling. */
  readonly phoneChosenBy: 'option' | 'default' | 'spelling';
  /** The column of names, if any. */
  readonly name: string | null;
  /** Every other named column, each a custom field of the same name, in header order. */
  readonly custom: readonly string[];
}

export interface CsvColumnChoice {
  /** The column of phone numbers; `phone_number`, or a common spelling of it, when not given. */
  readonly phoneColumn?: string;
  /** The column of names; `name`, or a common spelling of it, when not given. */
  readonly nameColumn?: string;
}

/** Why a header cannot be read; `byOption` when an option named a column the header lacks. */
export interface CsvHeaderProblem {
  readonly message: string;
  readonly byOption: boolean;
}

export type CsvColumnsResult =
  | { readonly ok: true; readonly columns: CsvColumns }
  | { readonly ok: false; readonly problems: readonly CsvHeaderProblem[] };

const LISTED_COLUMNS = 20;
const PHONE_SPELLINGS = new Set([
  'phonenumber',
  'phone',
  'phoneno',
  'mobile',
  'mobilenumber',
  'mobileno',
  'mobilephone',
  'cell',
  'cellphone',
  'cellnumber',
  'telephone',
  'tel',
  'msisdn',
  'contactnumber',
]);
const NAME_SPELLINGS = new Set(['name', 'fullname', 'contactname']);

/** Column names as a message quotes them: each clipped, the first few of many, so a header of garbage stays readable. */
function listed(columns: readonly string[]): string {
  const shown = columns.slice(0, LISTED_COLUMNS).map((column) => JSON.stringify(clipped(column)));
  const more = columns.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** `Phone Number`, `phone-number` and `PHONE_NUMBER` are one spelling. */
const spelling = (column: string): string => column.toLowerCase().replace(/[\s_.-]/g, '');

/**
 * Decides which column of `header` holds phone numbers, which holds names, and which are custom
 * fields. Columns without a name are left out; a name given twice is a problem, since a row could
 * not keep both cells under it.
 */
export function chooseCsvColumns(header: readonly string[], choice: CsvColumnChoice = {}): CsvColumnsResult {
  const named = header.filter((column) => column !== '');
  const problems: CsvHeaderProblem[] = [];
  const positions = new Map<string, number[]>();
  header.forEach((column, index) => {
    if (column !== '') positions.set(column, [...(positions.get(column) ?? []), index + 1]);
  });
  for (const [column, at] of positions) {
    if (at.length > 1) {
      problems.push({
        message: `column ${JSON.stringify(clipped(column))} appears ${at.length} times (columns ${at.join(', ')})`,
        byOption: false,
      });
    }
  }
  const listing = listed(named);
  const given = (option: string, column: string | undefined): string | undefined => {
    if (column === undefined || positions.has(column)) return column;
    problems.push({ message: `${option} "${column}" is not a column of the header (${listing})`, byOption: true });
    return undefined;
  };
  const phoneOption = given('--phone-column', choice.phoneColumn);
  const nameOption = given('--name-column', choice.nameColumn);
  if (problems.length > 0) return { ok: false, problems };

  let phone: string;
  let phoneChosenBy: CsvColumns['phoneChosenBy'];
  if (phoneOption !== undefined) [phone, phoneChosenBy] = [phoneOption, 'option'];
  else if (positions.has('phone_number')) [phone, phoneChosenBy] = ['phone_number', 'default'];
  else {
    const candidates = named.filter((column) => PHONE_SPELLINGS.has(spelling(column)));
    const [only] = candidates;
    if (only === undefined || candidates.length > 1) {
      const message =
        only === undefined
          ? `no column of phone numbers: the header (${listing}) has no phone_number, phone, Phone Number, mobile or the like; name it with --phone-column`
          : `several columns may hold phone numbers (${listed(candidates)}); choose one with --phone-column`;
      return { ok: false, problems: [{ message, byOption: false }] };
    }
    [phone, phoneChosenBy] = [only, 'spelling'];
  }

  const name =
    nameOption ??
    (positions.has('name')
      ? 'name'
      : (named.find((column) => column !== phone && NAME_SPELLINGS.has(spelling(column))) ?? null));
  if (name === phone) {
    return {
      ok: false,
      problems: [{ message: `column "${phone}" cannot hold both phone numbers and names`, byOption: true }],
    };
  }
  const custom = named.filter((column) => column !== phone && column !== name);
  // A row keeps its phone number under phone_number and its name under name, whichever columns they come from.
  const clashing = custom.filter((column) => column === 'phone_number' || column === 'name');
  if (clashing.length > 0) {
    return {
      ok: false,
      problems: clashing.map((column) => ({
        message: `column "${column}" would clash with the ${column === 'name' ? `names from column "${name}"` : `phone numbers from column "${phone}"`}; rename it, or choose it with ${column === 'name' ? '--name-column' : '--phone-column'}`,
        byOption: false,
      })),
    };
  }
  return { ok: true, columns: { phone, phoneChosenBy, name, custom } };
}
