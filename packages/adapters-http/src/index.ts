export { ApiKeys, type ApiKey } from './api-keys.js';
export { createHttpApp, type HttpAppOptions } from './create-http-app.js';
export { createHttpMiddleware } from './create-http-middleware.js';
export type { HttpAdapterOptions } from './http-adapter-options.js';
export type { CreateContactAndCampaignPort } from './write-route.js';
export {
  CREATE_CONTACT_AND_CAMPAIGN_PATH,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_WRITE_ADMISSION_LIMITS,
  type WriteAdmissionLimits,
} from './http-constants.js';
export { failedEnvelope, type Envelope } from './envelope.js';
export { KoaAppToken, httpAdapterModule } from './http-adapter-module.js';
export { httpAnswers, type AnswerEntry, type HttpAnswer } from './http-answer.js';
export {
  serveHttpApp,
  type CloseOptions,
  type Closed,
  type ListenOptions,
  type ServingHttpApp,
} from './serve-http-app.js';
export { currentRequestLogFields, type RequestLogFields } from './request-context.js';
export { openApiDocument, type OpenApiDocument, type OpenApiOptions } from './openapi-document.js';
export type { ReadContactsAndCampaignsPort } from './read-routes.js';
export type { CampaignRunsPort } from './run-routes.js';
