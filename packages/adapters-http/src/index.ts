export {
  CREATE_CONTACT_AND_CAMPAIGN_PATH,
  DEFAULT_BODY_LIMIT_BYTES,
  createHttpApp,
  type CreateContactAndCampaignPort,
  type HttpAppOptions,
} from './create-http-app.js';
export { failedEnvelope, type Envelope } from './envelope.js';
export { httpAnswers, type HttpAnswer } from './http-answer.js';
export { KoaAppToken, httpAdapterModule } from './http-adapter-module.js';
