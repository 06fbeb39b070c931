import { fileProblemText, inFileOrder, type ContactsCsv, type FileProblem } from '@outbound/adapters-csv';
import type { Succeeded, WouldStore } from '@outbound/domain';

/** Numbers as a person reads them: 100,000. */
export const grouped = new Intl.NumberFormat('en-US');
/** Repeated rows named by line in a report; the rest are counted. */
const REPEATS_NAMED = 5;

export const count = (n: number, one: string, many = `${one}s`): string =>
  `${grouped.format(n)} ${n === 1 ? one : many}`;

/** Which columns the rows came from, so a surprise in the header is seen before anything else. */
export function columnsReport(file: string, contacts: ContactsCsv): string {
  const { phone, phoneChosenBy, name, custom } = contacts.columns;
  const parts = [
    `phone numbers from column "${phone}"${phoneChosenBy === 'spelling' ? ' (recognised by its name; choose another with --phone-column)' : ''}`,
    name === null ? 'no column of names' : `names from column "${name}"`,
    custom.length === 0 ? 'no custom fields' : `custom fields ${custom.map((column) => `"${column}"`).join(', ')}`,
  ];
  return `read ${count(contacts.rowCount, 'row')} from ${file}: ${parts.join('; ')}`;
}

/** What was stored, or found stored already, and what was left out. */
export function successReport(outcome: Succeeded, contacts: ContactsCsv, elapsedMs: number): string {
  const names = namesOf(outcome);
  return [
    outcome.replayed
      ? `already stored: ${names} hold these same ${count(outcome.rowsStored, 'row')} from an earlier import; nothing was written (a replay)`
      : `stored ${count(outcome.rowsStored, 'row')} as ${names}`,
    repeatsReport(outcome.duplicatesSkipped, contacts),
    took(elapsedMs),
  ].join('\n');
}

/** What a run would store, and what it would leave out, as the use case's preview tells it. */
export function dryRunReport(preview: WouldStore, contacts: ContactsCsv, elapsedMs: number): string {
  return [
    `dry run: ${count(preview.rowCount, 'row')} would be stored as ${namesOf(preview)}; nothing was written`,
    repeatsReport(preview.duplicatesSkipped, contacts),
    took(elapsedMs),
  ].join('\n');
}

const namesOf = ({ contactListName, campaignName }: Succeeded | WouldStore): string =>
  `contact list ${contactListName} and campaign ${campaignName}`;

/** The rows left out for repeating an earlier row's phone number, the first few by line. */
function repeatsReport(duplicatesSkipped: number, contacts: ContactsCsv): string {
  if (duplicatesSkipped === 0) return "no row repeats another row's phone number";
  const { first } = contacts.repeatedPhoneNumbers(REPEATS_NAMED);
  const named = first.map(
    ({ line, firstLine }) => `line ${grouped.format(line)} (as line ${grouped.format(firstLine)})`,
  );
  const more = duplicatesSkipped - first.length;
  return `skipped ${count(duplicatesSkipped, 'row')} repeating an earlier row's phone number: ${named.join(', ')}${more > 0 ? `, and ${grouped.format(more)} more` : ''}`;
}

/** A server that stored the rows and said no more, as the spec's own answer does. */
export function acceptedReport(message: string, elapsedMs: number): string {
  return `stored: the server answered ${JSON.stringify(message)}, without saying how many rows it kept\n${took(elapsedMs)}`;
}

const took = (elapsedMs: number): string => `took ${(elapsedMs / 1000).toFixed(2)} s`;

/** The problems found, in file order, as many as are listed, then how many there are in all. */
export function problemsReport(file: string, problems: readonly FileProblem[], problemCount: number): string {
  const listed = inFileOrder(problems).map((problem) => `  ${fileProblemText(problem)}`);
  const unlisted = problemCount - problems.length;
  return [
    `${file} has ${count(problemCount, 'problem')}; nothing was written`,
    ...listed,
    ...(unlisted > 0 ? [`  and ${grouped.format(unlisted)} more (${grouped.format(problemCount)} in all)`] : []),
  ].join('\n');
}
