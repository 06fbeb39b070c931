/**
 * The one body shape every answer has: the spec's `status`, `data.message` and `message`, with
 * anything further inside `data`.
 */
export interface Envelope {
  readonly status: 'success' | 'failed';
  readonly data: { readonly message: string; readonly [detail: string]: unknown };
  readonly message: string;
}

export function failedEnvelope(dataMessage: string, message: string, details: Record<string, unknown> = {}): Envelope {
  return { status: 'failed', data: { message: dataMessage, ...details }, message };
}
