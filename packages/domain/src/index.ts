export {
  CampaignUploaderToken,
  ContactListNotFoundError,
  type Campaign,
  type CampaignDraft,
  type CampaignPageQuery,
  type CampaignPosition,
  type CampaignStatus,
  type CampaignSummary,
  type CampaignUploader,
  type UploadCampaignResult,
} from './campaign-uploader.js';
export type { Caller } from './caller.js';
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
  type CampaignsRead,
  type PageRequest,
  type RowsRead,
} from './read-contacts-and-campaigns.js';
export type { RowPage, RowPageQuery } from './row-page.js';
