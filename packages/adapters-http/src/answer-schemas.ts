import * as v from 'valibot';

// The words the answers' schemas are written in. Each schema sits beside the entry of
// `httpAnswers` that builds its bodies, and `/openapi.json` publishes it from there, so what the
// adapter answers and what the document says cannot drift apart.

export const literalText = (text: string) => v.literal(text);
export const count = v.pipe(v.number(), v.integer(), v.minValue(0));
export const timestamp = v.pipe(v.string(), v.isoTimestamp());

/** A success envelope: `data.message` and `data`'s further fields, and the top-level `message`. */
export function succeeded<const Data extends v.ObjectEntries>(
  data: Data,
  message: v.GenericSchema<string> = v.string(),
) {
  return v.strictObject({
    status: v.literal('success'),
    data: v.strictObject({ message: v.string(), ...data }),
    message,
  });
}

/** A failure envelope: its `data.message`, and `data`'s further fields. */
export function failed<const Data extends v.ObjectEntries>(dataMessage: v.GenericSchema<string>, data?: Data) {
  return v.strictObject({
    status: v.literal('failed'),
    data: v.strictObject({ message: dataMessage, ...data }),
    message: v.string(),
  });
}

export const problems = {
  problems: v.array(v.strictObject({ field: v.string(), message: v.string() })),
  problemCount: count,
};

export const retryLater = (message: string) => failed(literalText(message), { retryAfterSeconds: count });

export const nextCursor = v.pipe(
  v.nullable(v.string()),
  v.description('Pass as `cursor` for the next page; null on the last.'),
);
