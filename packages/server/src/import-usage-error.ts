/** `outbound import` was called wrongly; the message says how, and it exits with the usage code. */
export class ImportUsageError extends Error {}
