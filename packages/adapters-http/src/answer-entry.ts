import type { ContactRow } from '@outbound/domain';
import type * as v from 'valibot';
import type { Envelope } from './envelope.js';

/** What the HTTP adapter sends back: status, body and any extra headers. */
export interface HttpAnswer {
  readonly status: number;
  readonly body: Envelope;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An entry of the answers' table: it builds an answer, and carries the schema of the bodies it builds. */
export type AnswerEntry<Args extends unknown[]> = ((...args: Args) => HttpAnswer) & {
  readonly schema: v.GenericSchema;
};

export function answer<Args extends unknown[]>(
  schema: v.GenericSchema,
  build: (...args: Args) => HttpAnswer,
): AnswerEntry<Args> {
  return Object.assign(build, { schema });
}

/** A stored row in the shape a caller sends it: the phone number in canonical form, the name, then each custom field. */
export function asUserDataRow({ phoneNumber, name, otherDetails }: ContactRow): Record<string, unknown> {
  return { phone_number: phoneNumber, name, ...otherDetails };
}
