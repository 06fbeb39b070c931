import * as v from 'valibot';
import type { ContactRow } from './contact-row.js';
import { NOT_WELL_FORMED, codePointLength, isWellFormed } from './client-text.js';
import {
  FORBIDDEN_KEYS,
  MAX_JSON_DEPTH,
  jsonValueProblem,
  utf8Length,
  type JsonSizeBound,
  type JsonValue,
} from './json-value.js';
import { NAME_PART } from './naming-policy.js';
import { PHONE_NUMBER_RULE, canonicalPhoneNumber } from './phone-number.js';
import type { Problem } from './problem.js';
import { fieldPath, isJsonObject, objectMessage, requiredOr } from './request-checks.js';

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

/**
 * What one request may hold. The row limits are checked before anything is stored, so every
 * storage accepts what passes them alike (a row within them fits MySQL's default packet size).
 */
export interface CommandLimits {
  /** The most rows one request may hold. */
  readonly maxRows: number;
  /** The most problems listed in an answer; all are counted. */
  readonly maxProblemsListed: number;
  /** The most bytes one row's custom fields may take, as UTF-8 JSON. */
  readonly maxRowBytes: number;
  /** The most custom fields one row may have. */
  readonly maxCustomFields: number;
  /** The longest name of a custom field, in characters. */
  readonly maxFieldKeyLength: number;
}

export const DEFAULT_COMMAND_LIMITS: CommandLimits = {
  maxRows: 100_000,
  maxProblemsListed: 100,
  maxRowBytes: 64 * 1024,
  maxCustomFields: 100,
  maxFieldKeyLength: 128,
};

/** The limits given, and the defaults for those not given. */
export function commandLimits(given: Partial<CommandLimits> = {}): CommandLimits {
  const limit = (name: keyof CommandLimits): number => given[name] ?? DEFAULT_COMMAND_LIMITS[name];
  return {
    maxRows: limit('maxRows'),
    maxProblemsListed: limit('maxProblemsListed'),
    maxRowBytes: limit('maxRowBytes'),
    maxCustomFields: limit('maxCustomFields'),
    maxFieldKeyLength: limit('maxFieldKeyLength'),
  };
}

export const MAX_NAME_LENGTH = 256;

export type ParseCommandResult =
  | { readonly valid: true; readonly command: CreateContactAndCampaignCommand }
  | { readonly valid: false; readonly problems: readonly Problem[]; readonly problemCount: number };

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
        v.check(isWellFormed, NOT_WELL_FORMED),
        // A string has no more code points than UTF-16 units, so only a long one needs counting.
        v.check(
          (name) => name.length <= MAX_NAME_LENGTH || codePointLength(name) <= MAX_NAME_LENGTH,
          `must be at most ${MAX_NAME_LENGTH} characters`,
        ),
      ),
    ),
  },
  objectMessage,
);

/**
 * The request as a schema to describe it by (an OpenAPI document, say): the very valibot pieces a
 * command is checked with, its fields and a row's known fields, with rows open to custom fields.
 * Checks written as code (phone numbers, well-formed text, sizes of custom fields) are beyond what
 * JSON Schema says; each piece's description states them.
 */
export function createContactAndCampaignRequestSchema(given: Partial<CommandLimits> = {}) {
  const limits = commandLimits(given);
  const { identifierName } = requestSchema(limits.maxRows).entries;
  return v.pipe(
    v.strictObject({
      identifierName: v.pipe(
        identifierName,
        v.description(
          'Names the contact list ({BRAND}_contact_{identifierName}) and the campaign ({BRAND}_campaign_{identifierName}).',
        ),
      ),
      userData: v.pipe(
        v.array(
          v.pipe(
            v.looseObject({
              phone_number: v.pipe(rowSchema.entries.phone_number, v.description(PHONE_NUMBER_RULE)),
              name: v.pipe(
                rowSchema.entries.name,
                v.description(`The contact's name, at most ${MAX_NAME_LENGTH} characters.`),
              ),
            }),
            v.description(
              `One person. Every other field is a custom field kept with its JSON value exactly: at most ${limits.maxCustomFields} of them, names of at most ${limits.maxFieldKeyLength} characters (not __proto__, constructor or prototype), nesting at most ${MAX_JSON_DEPTH} levels, ${limits.maxRowBytes} bytes as JSON in all. A row repeating an earlier row's phone number is skipped.`,
            ),
          ),
        ),
        v.minLength(1),
        v.maxLength(limits.maxRows),
      ),
    }),
    v.description('The rows become a contact list and a campaign over the same rows, in one operation.'),
  );
}

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

/**
 * Validates a request against the rules of a command and, when it holds, returns its rows in
 * canonical form with repeated phone numbers dropped (the first of each wins, order kept).
 * Every problem is reported with its path, up to `limits.maxProblemsListed`, and all are counted.
 */
export function parseCreateContactAndCampaignCommand(
  input: unknown,
  given: Partial<CommandLimits> = DEFAULT_COMMAND_LIMITS,
): ParseCommandResult {
  return parseWithin(input, given === DEFAULT_COMMAND_LIMITS ? DEFAULT_COMMAND_LIMITS : commandLimits(given));
}

/** {@link parseCreateContactAndCampaignCommand} within limits already resolved, as the use case holds them. */
export function parseWithin(input: unknown, limits: CommandLimits): ParseCommandResult {
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

  const rows = contactRows(userData, problems, limits);
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
function contactRows(userData: readonly unknown[], problems: ProblemList, limits: CommandLimits): ContactRow[] {
  const rows: ContactRow[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < userData.length; index += 1) {
    const row = userData[index];
    if (!isJsonObject(row)) {
      problems.add(`userData[${index}]`, 'must be a JSON object');
      continue;
    }
    const otherDetails = customFields(row, `userData[${index}]`, problems, limits);
    const known = v.safeParse(rowSchema, row);
    if (!known.success) {
      problems.addIssues(known.issues, `userData[${index}]`);
      continue;
    }
    const { phone_number: phoneNumber, name } = known.output;
    if (seen.has(phoneNumber)) continue;
    seen.add(phoneNumber);
    if (otherDetails !== null) rows.push({ phoneNumber, name: name ?? null, otherDetails });
  }
  return rows;
}

/** A row's custom fields, checked against the limits; null when any problem was added. */
function customFields(
  row: Record<string, unknown>,
  path: string,
  problems: ProblemList,
  limits: CommandLimits,
): Record<string, JsonValue> | null {
  const keys = Object.keys(row);
  const count = keys.length - (Object.hasOwn(row, 'phone_number') ? 1 : 0) - (Object.hasOwn(row, 'name') ? 1 : 0);
  if (count > limits.maxCustomFields) {
    // Checked before any field, so a row of a million keys costs one problem, not a million.
    problems.add(path, `must have at most ${limits.maxCustomFields} custom fields (has ${count})`);
    return null;
  }
  const otherDetails: Record<string, JsonValue> = {};
  const size: JsonSizeBound = { bytes: 0 };
  const before = problems.count;
  for (const key of keys) {
    if (key === 'phone_number' || key === 'name') continue;
    const value = row[key];
    const problem = keyProblem(key, limits) ?? jsonValueProblem(value, size);
    if (problem === null) otherDetails[key] = value as JsonValue;
    else problems.add(fieldPath(path, [{ key }]), problem);
  }
  if (problems.count > before) return null;
  if (size.bytes > limits.maxRowBytes) {
    const bytes = utf8Length(JSON.stringify(otherDetails));
    if (bytes > limits.maxRowBytes) {
      problems.add(path, `custom fields must take at most ${limits.maxRowBytes} bytes as JSON (take ${bytes})`);
      return null;
    }
  }
  return otherDetails;
}

function keyProblem(key: string, limits: CommandLimits): string | null {
  if (FORBIDDEN_KEYS.has(key)) return 'is a reserved key and cannot be a custom field';
  if (!isWellFormed(key)) return `is a custom field name that ${NOT_WELL_FORMED}`;
  if (key.length > limits.maxFieldKeyLength && codePointLength(key) > limits.maxFieldKeyLength) {
    return `is a custom field name longer than ${limits.maxFieldKeyLength} characters`;
  }
  return null;
}

function rowsWithinBounds(input: Record<string, unknown>, maxRows: number): readonly unknown[] | null {
  const { userData } = input;
  return Array.isArray(userData) && userData.length >= 1 && userData.length <= maxRows ? userData : null;
}
