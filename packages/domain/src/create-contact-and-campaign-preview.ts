import type { ContactRow } from './contact-row.js';
import { commandLimits, parseWithin, type CommandLimits } from './create-contact-and-campaign-command.js';
import type { InvalidCommand } from './create-contact-and-campaign-outcome.js';
import { NamingPolicy } from './naming-policy.js';

/** What decides, before any storage is asked, what a request would store. */
export interface CreateContactAndCampaignSettings extends Partial<CommandLimits> {
  /** Prefix of every generated name, as in `VoiceGenie_contact_…`. */
  readonly brand: string;
}

/** A valid request, as {@link CreateContactAndCampaign} would store it. */
export interface WouldStore {
  readonly code: 'would-store';
  readonly contactListName: string;
  readonly campaignName: string;
  /** The rows that would be stored: the request's, less those repeating an earlier row's phone number. */
  readonly rowCount: number;
  readonly duplicatesSkipped: number;
}

/**
 * What {@link CreateContactAndCampaign} would make of a request: the outcome it would answer for an
 * invalid one, or what it would store for a valid one. Whether the names are free is not known
 * before the storage is asked, so a request that would store may still meet a name conflict.
 */
export type CreateContactAndCampaignPreview = WouldStore | InvalidCommand;

/**
 * What a request would store under these settings, found without any storage: a dry run asks
 * this, and {@link CreateContactAndCampaign.execute} starts from the same answer, so what a dry
 * run tells and what a run stores cannot differ. The request is checked at run time, as by
 * `execute`. Writes nothing and throws only on a bug (or a brand that is not a name part).
 */
export function previewCreateContactAndCampaign(
  request: unknown,
  settings: CreateContactAndCampaignSettings,
): CreateContactAndCampaignPreview {
  return planWithin(request, new NamingPolicy(settings.brand), commandLimits(settings)).preview;
}

/** The preview of a request and, when it is valid, the canonical rows a run stores. */
type Plan =
  { readonly preview: InvalidCommand } | { readonly preview: WouldStore; readonly rows: readonly ContactRow[] };

/** {@link previewCreateContactAndCampaign} with the naming and limits the use case already holds. */
export function planWithin(request: unknown, naming: NamingPolicy, limits: CommandLimits): Plan {
  const parsed = parseWithin(request, limits);
  if (!parsed.valid) {
    return { preview: { code: 'invalid-command', problems: parsed.problems, problemCount: parsed.problemCount } };
  }
  const { identifierName, rows, duplicatesSkipped } = parsed.command;
  return {
    preview: {
      code: 'would-store',
      contactListName: naming.contactListName(identifierName),
      campaignName: naming.campaignName(identifierName),
      rowCount: rows.length,
      duplicatesSkipped,
    },
    rows,
  };
}
