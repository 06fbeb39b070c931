import { hasCallingWindow, isTimeZone, zoneKeyOf } from './calling-hours.js';
import { ownerOf, type Caller } from './caller.js';
import type { CampaignRunOutcome } from './campaign-run-outcome.js';
import { parseCampaignRunSettings, sameRunSettings, type CampaignRunSettings } from './campaign-run-settings.js';
import { campaignRunView } from './campaign-run-view.js';
import type { CampaignRuns, ContactPlan } from './campaign-runs.js';
import type { CampaignUploader } from './campaign-uploader.js';
import type { Clock } from './clock.js';
import type { ContactRow } from './contact-row.js';
import type { OwnedName } from './owned-name.js';
import type { PhoneTimeZones } from './phone-time-zones.js';

/** Rows read at a time while working out each contact's zones: the whole campaign is never held as rows. */
const ROWS_PER_READ = 1_000;

/** The custom field whose IANA zone name wins over the phone number's. */
export const TIME_ZONE_FIELD = 'timezone';

/**
 * Starts a campaign: checks the settings, works out each contact's time zones once (a `timezone`
 * custom field naming a zone wins; otherwise the phone number's, from the numbering plan; otherwise
 * the default zone), skips the contacts that calling hours could never reach, and stores the run in
 * one step. Starting again with the same settings is a replay; with others, a conflict.
 */
export class StartCampaign {
  constructor(
    private readonly campaigns: CampaignUploader,
    private readonly runs: CampaignRuns,
    private readonly timeZones: PhoneTimeZones,
    private readonly clock: Clock,
  ) {}

  async start(name: string, settingsInput: unknown, caller: Caller = {}): Promise<CampaignRunOutcome> {
    const parsed = parseCampaignRunSettings(settingsInput);
    if (!parsed.valid) return { code: 'invalid-settings', problems: parsed.problems };
    const { settings } = parsed;
    const now = this.clock.now();
    if (settings.endAt !== null && settings.endAt <= now) {
      return { code: 'invalid-settings', problems: [{ field: 'endAt', message: 'must be in the future' }] };
    }
    const campaign: OwnedName = { createdBy: ownerOf(caller), name };
    const existing = await this.runs.findRun(campaign, now);
    if (existing === null) return { code: 'campaign-not-found', name };
    if (existing.status === 'not-yet-started') {
      const contacts = await this.plans(campaign, settings, now);
      if (contacts === null) return { code: 'campaign-not-found', name };
      const startsLater = settings.startAt !== null && settings.startAt > now;
      const noneToCall = contacts.every(({ skipped }) => skipped !== null);
      const stored = await this.runs.start({
        campaign,
        status: noneToCall ? 'completed' : startsLater ? 'scheduled' : 'running',
        settings,
        at: now,
        contacts,
      });
      if (stored === null) return { code: 'campaign-not-found', name };
      if (stored.status === 'started') return this.changed(campaign, false);
    }
    return this.startedBefore(campaign, settings);
  }

  /** A start of a campaign already started: a replay when it asked for the same, a conflict otherwise. */
  private async startedBefore(campaign: OwnedName, settings: CampaignRunSettings): Promise<CampaignRunOutcome> {
    const run = await this.runs.findRun(campaign, this.clock.now());
    if (run === null) return { code: 'campaign-not-found', name: campaign.name };
    const { status } = run;
    if (status === 'cancelled' || status === 'completed' || run.settings === null) {
      return { code: 'status-conflict', name: campaign.name, status, action: 'start' };
    }
    if (!sameRunSettings(run.settings, settings)) return { code: 'settings-conflict', name: campaign.name, status };
    return { code: 'run-changed', run: campaignRunView(run, this.clock.now()), replayed: true };
  }

  private async changed(campaign: OwnedName, replayed: boolean): Promise<CampaignRunOutcome> {
    const now = this.clock.now();
    const run = await this.runs.findRun(campaign, now);
    if (run === null) return { code: 'campaign-not-found', name: campaign.name };
    return { code: 'run-changed', run: campaignRunView(run, now), replayed };
  }

  /** Each contact's plan, in stored order; null when the campaign is gone meanwhile. */
  private async plans(campaign: OwnedName, settings: CampaignRunSettings, now: Date): Promise<ContactPlan[] | null> {
    const planOf = contactPlanner(settings, this.timeZones, now);
    const plans: ContactPlan[] = [];
    for (;;) {
      const page = await this.campaigns.readRows(campaign, { fromPosition: plans.length, limit: ROWS_PER_READ });
      if (page === null) return null;
      for (const row of page.rows) plans.push(planOf(row));
      if (page.rows.length === 0 || plans.length >= page.summary.rowCount) return plans;
    }
  }
}

/**
 * Works out contacts' plans under `settings`. Contacts share few zone keys, so each key is built,
 * and checked for a common calling window, once: the plans of a campaign share their objects.
 */
function contactPlanner(
  settings: CampaignRunSettings,
  timeZones: PhoneTimeZones,
  now: Date,
): (row: ContactRow) => ContactPlan {
  const plansByKey = new Map<string, ContactPlan>();
  const hours = settings.callingHours;
  const planFor = (zoneKey: string): ContactPlan => {
    let plan = plansByKey.get(zoneKey);
    if (plan === undefined) {
      const skipped =
        hours === null
          ? null
          : zoneKey === ''
            ? ('unknown-time-zone' as const)
            : hasCallingWindow(hours, zoneKey, now)
              ? null
              : ('no-common-calling-hours' as const);
      plan = { zoneKey, skipped };
      plansByKey.set(zoneKey, plan);
    }
    return plan;
  };
  return (row) => {
    const field = row.otherDetails[TIME_ZONE_FIELD];
    if (typeof field === 'string' && isTimeZone(field)) return planFor(field);
    const zones = timeZones.zonesOf(row.phoneNumber);
    if (zones.length > 0) return planFor(zoneKeyOf(zones));
    return planFor(settings.defaultTimeZone ?? '');
  };
}

export const StartCampaignToken: unique symbol = Symbol.for('@outbound/domain/StartCampaign');
