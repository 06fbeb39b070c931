export { campaignUploaderContract } from './campaign-uploader-contract.js';
export { contactRepositoryContract } from './contact-repository-contract.js';
export { aCampaignDraft, aContactListDraft, someContactRows } from './contact-rows-mother.js';
export type { MakePorts, PortsFixture } from './ports-fixture.js';
