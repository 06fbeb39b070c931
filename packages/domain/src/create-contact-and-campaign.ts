import { ContactListNotFoundError, type CampaignUploader, type UploadCampaignResult } from './campaign-uploader.js';
import { ownerOf, type Caller } from './caller.js';
import type { ContactRow } from './contact-row.js';
import type { ContactRepository, CreateContactListResult } from './contact-repository.js';
import { commandLimits, type CommandLimits } from './create-contact-and-campaign-command.js';
import type { CreateContactAndCampaignOutcome, NameConflict } from './create-contact-and-campaign-outcome.js';
import {
  planWithin,
  type CreateContactAndCampaignPreview,
  type CreateContactAndCampaignSettings,
  type WouldStore,
} from './create-contact-and-campaign-preview.js';
import { silentLogger, type Logger } from './logger.js';
import { NamingPolicy } from './naming-policy.js';
import type { OwnedName } from './owned-name.js';

/** The settings that decide what a request stores, and where the use case logs what fails. */
export interface CreateContactAndCampaignOptions extends CreateContactAndCampaignSettings {
  readonly logger?: Logger;
}

/**
 * Creates, in one operation, a named contact list and a campaign over the same rows.
 *
 * The list comes first; the campaign is attempted only once the list is stored, and a list made
 * for a campaign that then fails is removed again, so nothing is left half-done. Repeating a
 * request is safe: the same rows under the same identifier name answer success without writing
 * twice, and complete a campaign an interrupted earlier attempt left missing. Names are the
 * caller's own: another caller's lists and campaigns are never replayed, refused or even seen.
 */
export class CreateContactAndCampaign {
  private readonly naming: NamingPolicy;
  private readonly limits: CommandLimits;
  private readonly logger: Logger;

  constructor(
    private readonly contacts: ContactRepository,
    private readonly campaigns: CampaignUploader,
    options: CreateContactAndCampaignOptions,
  ) {
    this.naming = new NamingPolicy(options.brand);
    this.limits = commandLimits(options);
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * What {@link execute} would store for this request, or the outcome it would answer for an
   * invalid one; see {@link previewCreateContactAndCampaign}. Asks no port and writes nothing.
   */
  preview(request: unknown): CreateContactAndCampaignPreview {
    return planWithin(request, this.naming, this.limits).preview;
  }

  /**
   * Runs the operation for a request of the shape {@link CreateContactAndCampaignRequest}; the
   * request is checked at run time, so it may come straight from a parsed body. Expected failures
   * come back as outcomes; it throws only on a bug (an empty `caller.createdBy` is one). The names
   * are `caller`'s own, recorded as its `createdBy`: the same rows under the same identifier name
   * are a replay only when the same caller sends them, and another caller's names are no conflict.
   */
  async execute(request: unknown, caller: Caller = {}): Promise<CreateContactAndCampaignOutcome> {
    const createdBy = ownerOf(caller);
    // The preview's own answer is what is stored, so a dry run cannot tell another story.
    const plan = planWithin(request, this.naming, this.limits);
    if (!('rows' in plan)) return plan.preview;
    // A sweep may remove a list found waiting for its campaign just before the campaign is built
    // on it; the list is then simply stored again, once.
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.createBoth(plan.preview, plan.rows, createdBy, caller.requestId, attempt === 1);
      if (outcome !== 'list-vanished') return outcome;
    }
  }

  private async createBoth(
    { contactListName, campaignName, rowCount, duplicatesSkipped }: WouldStore,
    rows: readonly ContactRow[],
    createdBy: string | null,
    requestId: string | undefined,
    mayRetry: boolean,
  ): Promise<CreateContactAndCampaignOutcome | 'list-vanished'> {
    const request = requestId === undefined ? {} : { requestId };
    const conflictOn = (conflictingName: string): NameConflict => ({
      code: 'name-conflict',
      conflictingName,
      contactListName,
      campaignName,
    });

    let list: CreateContactListResult;
    try {
      list = await this.contacts.create({ name: contactListName, rows, createdBy });
    } catch (cause) {
      this.logger.error('contact creation failed', { ...request, contactListName, cause });
      return { code: 'contact-creation-failed', contactListName, cause };
    }
    if (list.status === 'exists' && !list.sameRows) return conflictOn(contactListName);
    // Only a list this call made may be taken back: one found here may belong to a concurrent caller.
    const listIsOurs = list.status === 'created';

    let campaign: UploadCampaignResult;
    try {
      campaign = await this.campaigns.upload({
        name: campaignName,
        contactListName,
        status: 'not-yet-started',
        rows,
        createdBy,
      });
    } catch (cause) {
      if (cause instanceof ContactListNotFoundError && mayRetry) return 'list-vanished';
      this.logger.error('campaign creation failed', { ...request, campaignName, cause });
      if (listIsOurs) await this.takeBack({ createdBy, name: contactListName }, request);
      return { code: 'campaign-creation-failed', campaignName, cause };
    }
    if (campaign.status === 'exists' && (!campaign.sameRows || campaign.campaign.contactListName !== contactListName)) {
      if (listIsOurs) await this.takeBack({ createdBy, name: contactListName }, request);
      return conflictOn(campaignName);
    }

    return {
      code: 'succeeded',
      contactListName,
      campaignName,
      rowsStored: rowCount,
      duplicatesSkipped,
      replayed: !listIsOurs && campaign.status === 'exists',
    };
  }

  /** Removes a list this call created; a failure here must not hide the failure that caused it. */
  private async takeBack(list: OwnedName, request: { readonly requestId?: string }): Promise<void> {
    const contactListName = list.name;
    try {
      const removal = await this.contacts.remove(list);
      if (removal === 'in-use') {
        this.logger.warn('contact list kept: a campaign created meanwhile uses it', { ...request, contactListName });
      }
    } catch (cause) {
      this.logger.error('could not remove the contact list of a failed campaign', {
        ...request,
        contactListName,
        cause,
      });
    }
  }
}

export const CreateContactAndCampaignToken: unique symbol = Symbol.for('@outbound/domain/CreateContactAndCampaign');
