import { NAME_PART } from '@outbound/domain';
import { parseArgs } from 'node:util';
import { ImportUsageError } from './import-usage-error.js';

/** What `outbound import --help` prints, and what follows a usage error. */
export const IMPORT_USAGE = [
  'usage: outbound import FILE.csv --id IDENTIFIER_NAME [options]',
  '  Reads a CSV file of contacts (its first line a header naming the columns) and creates a contact',
  '  list and a campaign over its rows, as POST /createContactAndCampaign does.',
  '  --id NAME                   the identifierName: the list is {BRAND_NAME}_contact_NAME, the campaign',
  '                              {BRAND_NAME}_campaign_NAME (required)',
  '  --url URL                   send the rows to the outbound server at URL, with the API key in the',
  '                              OUTBOUND_API_KEY environment variable; without --url the rows are stored',
  "                              in this process, in DATABASE_URL's storage (the server's default file)",
  '  --dry-run                   check every row, and write nothing',
  '  --delimiter CHAR            the character between cells: , (the default), ; or tab',
  '  --phone-column NAME         the column of phone numbers; phone_number, or else phone, Phone Number,',
  '                              mobile and the like, when not given',
  '  --name-column NAME          the column of names; name, or else Full Name and the like, when not given',
  '  --default-country-code CC   put +CC (as 91) before numbers written without + and with at most 10',
  '                              digits (a leading trunk 0 is dropped)',
  '  --retries N                 with --url, how many times to try again after a connection failure or',
  '                              an answer of 429, 500, 502, 503 or 504 (default 3)',
  '  -h, --help                  this help',
  '  Every other column becomes a custom field holding its text; an empty cell is left out of its row.',
  '  Exit codes: 0 done (a replay included), 1 rows rejected or the name taken with other rows,',
  '  2 usage error, 3 storage or server failure.',
].join('\n');

const MOST_RETRIES = 10;

/** The arguments of `outbound import`, each checked and in the form the import uses. */
export interface ImportArguments {
  readonly file: string;
  readonly identifierName: string;
  readonly url: URL | undefined;
  readonly dryRun: boolean;
  readonly delimiter: string;
  readonly phoneColumn: string | undefined;
  readonly nameColumn: string | undefined;
  readonly defaultCountryCode: string | undefined;
  readonly retries: number;
}

/** The arguments to import with, a request for the help, or what is wrong with them. */
export type ReadImportArguments =
  | { readonly kind: 'import'; readonly given: ImportArguments }
  | { readonly kind: 'help' }
  | { readonly kind: 'usage-error'; readonly message: string };

/** Reads the arguments that follow `outbound import`; settings from the environment are not its to check. */
export function importArguments(args: readonly string[]): ReadImportArguments {
  try {
    const given = checkedArguments(args);
    return given === 'help' ? { kind: 'help' } : { kind: 'import', given };
  } catch (error) {
    if (!(error instanceof ImportUsageError || isParseArgsError(error))) throw error;
    return { kind: 'usage-error', message: error.message };
  }
}

function checkedArguments(args: readonly string[]): ImportArguments | 'help' {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      id: { type: 'string' },
      url: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      delimiter: { type: 'string', default: ',' },
      'phone-column': { type: 'string' },
      'name-column': { type: 'string' },
      'default-country-code': { type: 'string' },
      retries: { type: 'string', default: '3' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const [file, ...extra] = positionals;
  if (file === undefined) throw new ImportUsageError('name the CSV file to import');
  if (extra.length > 0) throw new ImportUsageError(`one file at a time (also given: ${extra.join(' ')})`);
  const identifierName = values.id;
  if (identifierName === undefined)
    throw new ImportUsageError('--id is required: it names the contact list and the campaign');
  if (!NAME_PART.test(identifierName)) {
    throw new ImportUsageError(
      `--id ${JSON.stringify(identifierName)} must be 1 to 64 characters from A-Z a-z 0-9 _ . -`,
    );
  }
  return {
    file,
    identifierName,
    url: values.url === undefined ? undefined : serverUrl(values.url),
    dryRun: values['dry-run'],
    delimiter: delimiterOf(values.delimiter),
    phoneColumn: values['phone-column'],
    nameColumn: values['name-column'],
    defaultCountryCode: countryCodeOf(values['default-country-code']),
    retries: retriesOf(values.retries),
  };
}

function serverUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ImportUsageError(`--url ${JSON.stringify(text)} is not a URL (as https://outbound.example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ImportUsageError(`--url must be an http or https address (got ${url.protocol})`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ImportUsageError("--url must be the server's address, with no ? or # part");
  }
  if (url.username !== '' || url.password !== '') {
    throw new ImportUsageError('--url must not hold a user or password: give the API key in OUTBOUND_API_KEY');
  }
  return url;
}

function delimiterOf(text: string): string {
  const delimiter = text === 'tab' || text === '\\t' ? '\t' : text;
  if ([...delimiter].length !== 1 || '"\r\n'.includes(delimiter)) {
    throw new ImportUsageError(
      `--delimiter must be one character other than a quote or a line end (got ${JSON.stringify(text)})`,
    );
  }
  return delimiter;
}

function countryCodeOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const code = /^\+?([1-9]\d{0,2})$/.exec(text)?.[1];
  if (code === undefined)
    throw new ImportUsageError(`--default-country-code must be 1 to 3 digits, as 91 (got ${JSON.stringify(text)})`);
  return code;
}

function retriesOf(text: string): number {
  const retries = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(retries <= MOST_RETRIES)) {
    throw new ImportUsageError(
      `--retries must be a whole number from 0 to ${MOST_RETRIES} (got ${JSON.stringify(text)})`,
    );
  }
  return retries;
}

function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}
