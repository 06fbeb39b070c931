import {
  DEFAULT_RETRY_POLICY,
  type CallOutcome,
  type CallSettlement,
  type CampaignRunSettings,
  type ContactPlan,
  type OwnedName,
  type RunStart,
  type SkipReason,
} from '@outbound/domain';

/** Settings as a start with an empty body fills them in, changed by `overrides`. */
export function someRunSettings(overrides: Partial<CampaignRunSettings> = {}): CampaignRunSettings {
  return {
    startAt: null,
    endAt: null,
    callingHours: null,
    defaultTimeZone: null,
    maxConcurrentCalls: null,
    callsPerMinute: null,
    retry: { ...DEFAULT_RETRY_POLICY, on: [...DEFAULT_RETRY_POLICY.on] },
    ...overrides,
  };
}

/** The plan of a contact to be called in the zones of `zoneKey` (none known by default). */
export function toCall(zoneKey = ''): ContactPlan {
  return { zoneKey, skipped: null };
}

/** The plans of `count` contacts to be called, all of one zone key. */
export function plansToCall(count: number, zoneKey = ''): ContactPlan[] {
  return Array.from({ length: count }, () => toCall(zoneKey));
}

/** The plan of a contact never to be called, for `reason`. */
export function skippedFor(reason: SkipReason, zoneKey = ''): ContactPlan {
  return { zoneKey, skipped: reason };
}

/**
 * A start of `campaign` at `at` with `contacts` as planned: `scheduled` when the settings start it
 * later, `running` otherwise, as the use case decides.
 */
export function aRunStart(
  campaign: OwnedName,
  contacts: readonly ContactPlan[],
  at: Date,
  settings: CampaignRunSettings = someRunSettings(),
): RunStart {
  const status = settings.startAt !== null && settings.startAt > at ? 'scheduled' : 'running';
  return { campaign, status, settings, at, contacts };
}

/**
 * A dialer's report of an attempt ended with `outcome` at `endedAt`; the contact is called again at
 * `retryAt`, or is finished when that is null.
 */
export function aReport(
  outcome: CallOutcome,
  endedAt: Date,
  retryAt: Date | null = null,
  externalCallId = 'dialer-call-1',
): CallSettlement {
  return { outcome, endedAt, by: 'report', durationSeconds: 42, externalCallId, retryAt };
}

/** An attempt found unreported after its lease expired: a `failed` attempt, with nothing a dialer says. */
export function aLeaseExpiry(endedAt: Date, retryAt: Date | null = null): CallSettlement {
  return { outcome: 'failed', endedAt, by: 'lease-expiry', durationSeconds: null, externalCallId: null, retryAt };
}
