export { campaignRunsContract } from './campaign-runs-contract.js';
export {
  aLeaseExpiry,
  aReport,
  aRunStart,
  plansToCall,
  skippedFor,
  someRunSettings,
  toCall,
} from './campaign-runs-mother.js';
export { campaignUploaderContract } from './campaign-uploader-contract.js';
export { contactRepositoryContract } from './contact-repository-contract.js';
export { aCampaignDraft, aContactListDraft, named, someContactRows } from './contact-rows-mother.js';
export { aFixedClock, type FixedClock } from './fixed-clock.js';
export type { MakePorts, PortsFixture, PortsOptions } from './ports-fixture.js';
export type { MakeRunsPorts, RunsPortsFixture } from './runs-ports-fixture.js';
export { aSpecExampleRequest, specExampleRows } from './spec-example-request.js';
