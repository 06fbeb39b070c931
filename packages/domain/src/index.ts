export {
  CampaignUploaderToken,
  ContactListNotFoundError,
  type Campaign,
  type CampaignDraft,
  type CampaignPageQuery,
  type CampaignPosition,
  type CampaignSummary,
  type CampaignUploader,
  type UploadCampaignResult,
} from './campaign-uploader.js';
export type { Caller } from './caller.js';
export {
  MAX_CALLS_PER_LEASE,
  MAX_CALL_SECONDS,
  MAX_EXTERNAL_CALL_ID_LENGTH,
  MAX_LEASE_WAIT_MS,
  callReportSchema,
  callReportsSchema,
  leaseRequestSchema,
  parseCallReport,
  parseCallReports,
  parseLeaseRequest,
  type CallReport,
  type CallReportOf,
  type LeaseRequest,
} from './call-requests.js';
export type {
  CampaignNotFound,
  CampaignRunOutcome,
  InvalidSettings,
  RunChanged,
  SettingsConflict,
  StatusConflict,
} from './campaign-run-outcome.js';
export {
  campaignRunView,
  type CampaignRunView,
  type ContactCallState,
  type ContactCallView,
} from './campaign-run-view.js';
export { ChangeCampaignStatus, ChangeCampaignStatusToken, type RunAction } from './change-campaign-status.js';
export { DEFAULT_CALL_LEASE_MS, LeaseDueCalls, LeaseDueCallsToken, type LeaseQuery } from './lease-due-calls.js';
export { ReadCampaignRun, ReadCampaignRunToken } from './read-campaign-run.js';
export { RecordCallOutcome, RecordCallOutcomeToken, type RecordCallOutcomeResult } from './record-call-outcome.js';
export { StartCampaign, StartCampaignToken, TIME_ZONE_FIELD } from './start-campaign.js';
export { SweepCampaignRuns, SweepCampaignRunsToken, type CampaignRunsSweepReport } from './sweep-campaign-runs.js';
export {
  CALL_OUTCOMES,
  RETRYABLE_OUTCOMES,
  afterAttempt,
  type AfterAttempt,
  type CallOutcome,
  type RetryPolicy,
  type RetryableOutcome,
} from './call-outcome.js';
export {
  WEEKDAYS,
  hasCallingWindow,
  isOpenAt,
  isTimeZone,
  localTime,
  openZoneKeys,
  zoneKeyOf,
  zonesOfKey,
  type CallingHours,
  type Weekday,
} from './calling-hours.js';
export {
  DEFAULT_RETRY_POLICY,
  MAX_ATTEMPTS,
  MAX_CALLS_PER_MINUTE,
  MAX_CONCURRENT_CALLS,
  MAX_RETRY_AFTER_MINUTES,
  campaignRunSettingsSchema,
  parseCampaignRunSettings,
  runSettingsFromJson,
  runSettingsJson,
  sameRunSettings,
  type CampaignRunSettings,
  type ParseRunSettingsResult,
  type RunSettingsJson,
} from './campaign-run-settings.js';
export {
  CALL_STATES,
  CampaignRunsToken,
  type CallEnding,
  type CallRecord,
  type CallPage,
  type CallSettlement,
  type DecidedSettlement,
  type CallState,
  type CampaignRun,
  type CampaignRuns,
  type ClaimQuery,
  type ClaimableRun,
  type ContactCall,
  type ContactPlan,
  type LeasedCall,
  type RunStart,
  type SkipReason,
  type StartRunResult,
} from './campaign-runs.js';
export {
  CAMPAIGN_ACTIONS,
  CAMPAIGN_STATUSES,
  isFinal,
  statusAfter,
  type CampaignAction,
  type CampaignStatus,
} from './campaign-status.js';
export { ClockToken, systemClock, type Clock } from './clock.js';
export {
  ContactRepositoryToken,
  type ContactList,
  type ContactListDraft,
  type ContactListOverview,
  type ContactListSummary,
  type ContactRepository,
  type CreateContactListResult,
  type FindWithoutCampaignQuery,
  type RemoveContactListOptions,
  type RemoveContactListResult,
} from './contact-repository.js';
export { sameContactRows, type ContactRow } from './contact-row.js';
export {
  CreateContactAndCampaign,
  CreateContactAndCampaignToken,
  type CreateContactAndCampaignOptions,
} from './create-contact-and-campaign.js';
export {
  previewCreateContactAndCampaign,
  type CreateContactAndCampaignPreview,
  type CreateContactAndCampaignSettings,
  type WouldStore,
} from './create-contact-and-campaign-preview.js';
export {
  DEFAULT_COMMAND_LIMITS,
  MAX_NAME_LENGTH,
  commandLimits,
  createContactAndCampaignRequestSchema,
  parseCreateContactAndCampaignCommand,
  type CommandLimits,
  type CreateContactAndCampaignCommand,
  type CreateContactAndCampaignRequest,
  type ParseCommandResult,
  type UserDataRow,
} from './create-contact-and-campaign-command.js';
export type {
  CampaignCreationFailed,
  ContactCreationFailed,
  CreateContactAndCampaignOutcome,
  InvalidCommand,
  NameConflict,
  OutcomeCode,
  Succeeded,
} from './create-contact-and-campaign-outcome.js';
export { FORBIDDEN_KEYS, MAX_JSON_DEPTH, sameJsonValue, type JsonValue } from './json-value.js';
export { LoggerToken, silentLogger, type Logger } from './logger.js';
export { NAME_PART, NamingPolicy } from './naming-policy.js';
export type { OwnedName } from './owned-name.js';
export { PHONE_NUMBER_RULE, canonicalPhoneNumber, withDefaultCountryCode } from './phone-number.js';
export { PhoneTimeZonesToken, type PhoneTimeZones } from './phone-time-zones.js';
export type { Problem } from './problem.js';
export { RunEventsToken, noRunEvents, type RunEvents } from './run-events.js';
export type { Parsed } from './request-checks.js';
export {
  DEFAULT_ORPHAN_GRACE_MS,
  SweepOrphanedContactLists,
  SweepOrphanedContactListsToken,
  type OrphanSweepReport,
  type SweepOrphanedContactListsOptions,
} from './sweep-orphaned-contact-lists.js';
export { MAX_QUOTED_CHARACTERS, clipped } from './client-text.js';
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  ReadContactsAndCampaigns,
  ReadContactsAndCampaignsToken,
  type CampaignRowsRead,
  type CampaignsRead,
  type PageRequest,
  type RowsRead,
} from './read-contacts-and-campaigns.js';
export type { RowPage, RowPageQuery } from './row-page.js';
