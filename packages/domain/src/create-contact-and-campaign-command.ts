import * as v from 'valibot';
import type { ContactRow } from './contact-row.js';
import { FORBIDDEN_KEYS, jsonValueProblem, type JsonValue } from './json-value.js';
import { NAME_PART } from './naming-policy.js';
import { PHONE_NUMBER_RULE, canonicalPhoneNumber } from './phone-number.js';
import type { Problem } from './problem.js';

/** One row of `userData` as a caller sends it. */
export interface UserDataRow {
  phone_number: string;
  name?: string | null;
  [customField: string]: unknown;
}

/** The request as a caller sends it, before validation. */
export interface CreateContactAndCampaignRequest {
  identifierName: string;
  userData: readonly UserDataRow[];
}

/** A valid request, its rows canonical and free of repeated phone numbers. */
export interface CreateContactAndCampaignCommand {
  readonly identifierName: string;
  readonly rows: readonly ContactRow[];
  /** Rows dropped because their phone number repeated an earlier row's. */
  readonly duplicatesSkipped: number;
}

export interface CommandLimits {
  /** The most rows one request may hold. */
  readonly maxRows: number;
  /** The most problems listed in an answer; all are counted. */
  readonly maxProblemsListed: number;
}

export const DEFAULT_COMMAND_LIMITS: CommandLimits = { maxRows: 100_000, maxProblemsListed: 100 };

export const MAX_NAME_LENGTH = 256;

export type ParseCommandResult =
  | { readonly valid: true; readonly command: CreateContactAndCampaignCommand }
  | { readonly valid: false; readonly problems: readonly Problem[]; readonly problemCount: number };

const requiredOr =
  (message: string) =>
  (issue: v.BaseIssue<unknown>): string =>
    issue.received === 'undefined' ? 'is required' : message;

/** An object schema reports its missing and unknown keys itself, so its message names each case. */
const objectMessage = (issue: v.BaseIssue<unknown>): string => {
  if (issue.expected === 'never') return 'is not a known field';
  if (issue.path !== undefined && issue.received === 'undefined') return 'is required';
  return 'must be a JSON object';
};

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const requestSchemas = new Map<number, ReturnType<typeof buildRequestSchema>>();

/** Schemas are built once per row limit: building one costs more than checking a small request. */
function requestSchema(maxRows: number) {
  let schema = requestSchemas.get(maxRows);
  if (schema === undefined) {
    schema = buildRequestSchema(maxRows);
    requestSchemas.set(maxRows, schema);
  }
  return schema;
}

function buildRequestSchema(maxRows: number) {
  return v.strictObject(
    {
      identifierName: v.pipe(
        v.string(requiredOr('must be a string')),
        v.regex(NAME_PART, 'must be 1 to 64 characters from A-Z a-z 0-9 _ . -'),
      ),
      userData: v.pipe(
        v.array(v.unknown(), requiredOr('must be an array of contact rows')),
        v.minLength(1, 'must hold at least one row'),
        v.maxLength(maxRows, `must hold at most ${maxRows} rows`),
      ),
    },
    objectMessage,
  );
}

/** The two fields a row is known to have; every other key is a custom field, checked on its own. */
const rowSchema = v.object(
  {
    phone_number: v.pipe(
      v.string(requiredOr('must be a string holding a phone number')),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const canonical = canonicalPhoneNumber(dataset.value);
        if (canonical !== null) return canonical;
        addIssue({ message: PHONE_NUMBER_RULE });
        return NEVER;
      }),
    ),
    name: v.nullish(
      v.pipe(
        v.string('must be a string'),
        v.maxLength(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`),
      ),
    ),
  },
  objectMessage,
);

/** Collects problems up to a cap, counting all of them. */
class ProblemList {
  readonly listed: Problem[] = [];
  count = 0;

  constructor(private readonly cap: number) {}

  add(field: string, message: string): void {
    this.count += 1;
    if (this.listed.length < this.cap) this.listed.push({ field, message });
  }

  addIssues(issues: readonly v.BaseIssue<unknown>[], prefix: string): void {
    for (const issue of issues) this.add(fieldPath(prefix, issue.path ?? []), issue.message);
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function fieldPath(prefix: string, path: readonly { readonly key: unknown }[]): string {
  let field = prefix;
  for (const { key } of path) {
    if (typeof key === 'number') field += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) field += field === '' ? key : `.${key}`;
    else field += `[${JSON.stringify(key)}]`;
  }
  return field === '' ? 'body' : field;
}

/**
 * Validates a request against the rules of a command and, when it holds, returns its rows in
 * canonical form with repeated phone numbers dropped (the first of each wins, order kept).
 * Every problem is reported with its path, up to `limits.maxProblemsListed`, and all are counted.
 */
export function parseCreateContactAndCampaignCommand(
  input: unknown,
  limits: CommandLimits = DEFAULT_COMMAND_LIMITS,
): ParseCommandResult {
  const problems = new ProblemList(limits.maxProblemsListed);
  if (!isJsonObject(input)) {
    problems.add('body', 'must be a JSON object');
    return { valid: false, problems: problems.listed, problemCount: problems.count };
  }
  const request = v.safeParse(requestSchema(limits.maxRows), input);
  if (!request.success) problems.addIssues(request.issues, '');

  // Rows are only read when their count is within bounds, so an oversized list costs nothing.
  const userData = request.success ? request.output.userData : rowsWithinBounds(input, limits.maxRows);
  if (userData === null) return { valid: false, problems: problems.listed, problemCount: problems.count };

  const rows = contactRows(userData, problems);
  if (problems.count > 0 || !request.success) {
    return { valid: false, problems: problems.listed, problemCount: problems.count };
  }
  return {
    valid: true,
    command: {
      identifierName: request.output.identifierName,
      rows,
      duplicatesSkipped: userData.length - rows.length,
    },
  };
}

/**
 * Checks every row and builds the canonical ones in a single pass, each phone number once: the
 * first row with a number wins and the order is kept. The rows are meaningless once a problem
 * has been added.
 */
function contactRows(userData: readonly unknown[], problems: ProblemList): ContactRow[] {
  const rows: ContactRow[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < userData.length; index += 1) {
    const row = userData[index];
    if (!isJsonObject(row)) {
      problems.add(`userData[${index}]`, 'must be a JSON object');
      continue;
    }
    const otherDetails: Record<string, JsonValue> = {};
    for (const key of Object.keys(row)) {
      if (key === 'phone_number' || key === 'name') continue;
      const value = row[key];
      const problem = FORBIDDEN_KEYS.has(key)
        ? 'is a reserved key and cannot be a custom field'
        : jsonValueProblem(value);
      if (problem === null) otherDetails[key] = value as JsonValue;
      else problems.add(fieldPath(`userData[${index}]`, [{ key }]), problem);
    }
    const known = v.safeParse(rowSchema, row);
    if (!known.success) {
      problems.addIssues(known.issues, `userData[${index}]`);
      continue;
    }
    const { phone_number: phoneNumber, name } = known.output;
    if (seen.has(phoneNumber)) continue;
    seen.add(phoneNumber);
    rows.push({ phoneNumber, name: name ?? null, otherDetails });
  }
  return rows;
}

function rowsWithinBounds(input: Record<string, unknown>, maxRows: number): readonly unknown[] | null {
  const { userData } = input;
  return Array.isArray(userData) && userData.length >= 1 && userData.length <= maxRows ? userData : null;
}
