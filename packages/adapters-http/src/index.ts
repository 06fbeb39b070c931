export { createHttpApp, type HttpAppOptions } from './create-http-app.js';
export {
  CREATE_CONTACT_AND_CAMPAIGN_PATH,
  DEFAULT_BODY_LIMIT_BYTES,
  createHttpMiddleware,
  type CreateContactAndCampaignPort,
  type HttpAdapterOptions,
} from './create-http-middleware.js';
export { failedEnvelope, type Envelope } from './envelope.js';
export { KoaAppToken, httpAdapterModule } from './http-adapter-module.js';
export { httpAnswers, type HttpAnswer } from './http-answer.js';
export { serveHttpApp, type ListenOptions, type ServingHttpApp } from './serve-http-app.js';
