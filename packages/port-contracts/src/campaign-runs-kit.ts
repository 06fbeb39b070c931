import {
  CALL_OUTCOMES,
  CALL_STATES,
  type CallOutcome,
  type CallState,
  type CampaignRunSettings,
  type CampaignRuns,
  type CampaignUploader,
  type ContactPlan,
  type ContactRow,
  type LeasedCall,
  type OwnedName,
  type RunStart,
  type SkipReason,
} from '@outbound/domain';
import { expect } from 'chai';
import { aRunStart, plansToCall } from './campaign-runs-mother.js';
import { aCampaignDraft, aContactListDraft, named, someContactRows } from './contact-rows-mother.js';
import { aFixedClock } from './fixed-clock.js';
import type { MakeRunsPorts, RunsPortsFixture } from './runs-ports-fixture.js';

/**
 * The instant the suite's runs start from. Milliseconds included: storage must keep every instant
 * exactly, not to the second. The port reads no clock, so every time it stores is one passed in.
 */
export const T0 = new Date('2026-03-09T10:00:00.250Z');

/** `minutes` (and `ms`) after {@link T0}; negative amounts are before it. */
export function after(minutes: number, ms = 0): Date {
  return new Date(T0.getTime() + minutes * 60_000 + ms);
}

/** How long a claim's lease lasts in this suite, unless a test says otherwise. */
export const LEASE_MINUTES = 5;

export const LONDON = 'Europe/London';
export const NEW_YORK = 'America/New_York';
/** A contact whose number may be in either zone. */
export const LONDON_OR_NEW_YORK = 'America/New_York Europe/London';

/** A count per state, per outcome or per reason: zero for every key not given. */
export function contactsBy(counts: Partial<Record<CallState, number>> = {}): Record<CallState, number> {
  return Object.fromEntries(CALL_STATES.map((state) => [state, counts[state] ?? 0])) as Record<CallState, number>;
}

export function outcomesBy(counts: Partial<Record<CallOutcome, number>> = {}): Record<CallOutcome, number> {
  return Object.fromEntries(CALL_OUTCOMES.map((outcome) => [outcome, counts[outcome] ?? 0])) as Record<
    CallOutcome,
    number
  >;
}

export function skippedBy(counts: Partial<Record<SkipReason, number>> = {}): Record<SkipReason, number> {
  return {
    'unknown-time-zone': counts['unknown-time-zone'] ?? 0,
    'no-common-calling-hours': counts['no-common-calling-hours'] ?? 0,
  };
}

/** `waitingReached` in the order of its zone keys: the port promises no order. */
export function sortedByZoneKey<Entry extends { readonly zoneKey: string }>(entries: readonly Entry[]): Entry[] {
  return [...entries].sort((a, b) => (a.zoneKey < b.zoneKey ? -1 : a.zoneKey > b.zoneKey ? 1 : 0));
}

/** The rows of the calls, to compare with the rows of the campaign, in the order handed out. */
export function contactsOf(calls: readonly LeasedCall[]): ContactRow[] {
  return calls.map((call) => call.contact);
}

interface StartedRun {
  readonly campaign: OwnedName;
  readonly rows: readonly ContactRow[];
  readonly start: RunStart;
}

interface RunOptions {
  /** The campaign's owner; null (no key) by default. */
  readonly owner?: string | null;
  /** The rows of its list and campaign; three by default. */
  readonly rows?: readonly ContactRow[];
  /** One per row; every contact to be called, of no known zone, by default. */
  readonly plans?: readonly ContactPlan[];
  readonly settings?: CampaignRunSettings;
  /** When it is started; {@link T0} by default. */
  readonly at?: Date;
}

/** What the parts of the suite share: the ports of the running test, and ways to set a run up through them. */
export interface RunsKit {
  /** The port under test, fresh for each test. */
  readonly runs: CampaignRuns;
  /** The port the campaigns are created through, over the same store. */
  readonly campaigns: CampaignUploader;
  /** A campaign not yet started over a list of its own, both named after `suffix`. */
  aCampaign(suffix: string, options?: Pick<RunOptions, 'owner' | 'rows'>): Promise<OwnedName>;
  /** A campaign created, then started through the port, which must answer `started`. */
  aStartedRun(suffix: string, options?: RunOptions): Promise<StartedRun>;
  /** The run id of a campaign claimable at `now`, found as a dialer finds it. */
  runIdOf(campaign: OwnedName, now: Date): Promise<string>;
  /** Claims at `now` with a lease of {@link LEASE_MINUTES}: of any zone unless `openZoneKeys` are given. */
  claimAt(runId: string, now: Date, max?: number, openZoneKeys?: readonly string[] | null): Promise<LeasedCall[]>;
}

/** Gives each test fresh ports from `makeRunsPorts`, and lets go of them after it. */
export function runsKit(makeRunsPorts: MakeRunsPorts): RunsKit {
  let ports: RunsPortsFixture | undefined;

  beforeEach(async function () {
    ports = await makeRunsPorts({ clock: aFixedClock('2026-03-09T08:00:00.000Z') });
  });
  afterEach(async function () {
    await ports?.dispose();
    ports = undefined;
  });

  function current(): RunsPortsFixture {
    if (ports === undefined) throw new Error('the ports are made for each test: use them inside one');
    return ports;
  }

  async function aCampaign(suffix: string, { owner = null, rows = someContactRows(3) }: RunOptions = {}) {
    const listName = `Brand_contact_${suffix}`;
    const campaignName = `Brand_campaign_${suffix}`;
    expect((await current().contacts.create(aContactListDraft(listName, rows, owner))).status).to.equal('created');
    const uploaded = await current().campaigns.upload(aCampaignDraft(campaignName, listName, rows, owner));
    expect(uploaded.status).to.equal('created');
    return named(campaignName, owner);
  }

  return {
    get runs() {
      return current().runs;
    },
    get campaigns() {
      return current().campaigns;
    },
    aCampaign,
    async aStartedRun(suffix, options = {}) {
      const rows = options.rows ?? someContactRows(3);
      const campaign = await aCampaign(suffix, { owner: options.owner ?? null, rows });
      const start = aRunStart(campaign, options.plans ?? plansToCall(rows.length), options.at ?? T0, options.settings);
      expect(await current().runs.start(start)).to.deep.equal({ status: 'started' });
      return { campaign, rows, start };
    },
    async runIdOf(campaign, now) {
      const found = await current().runs.findClaimable({ now, owner: campaign.createdBy, name: campaign.name });
      expect(found, `claimable runs of ${campaign.name}`).to.have.length(1);
      return (found[0] as { runId: string }).runId;
    },
    claimAt(runId, now, max = 100, openZoneKeys = null) {
      return current().runs.claim(runId, {
        now,
        max,
        openZoneKeys,
        leaseExpiresAt: new Date(now.getTime() + LEASE_MINUTES * 60_000),
      });
    },
  };
}
