import { bodyParser } from '@koa/bodyparser';
import type { Context, Middleware } from 'koa';
import { isClientError } from './answer-in-envelope.js';
import { httpAnswers } from './http-answer.js';
import type { HttpAnswer } from './answer-entry.js';

/** The body parser decodes every body as UTF-8 whatever it declares; one in another charset is refused before it is read. */
export const UTF_8 = /^utf-?8$/i;

/**
 * The one media type read, as the document says. The body parser would also read the `+json`
 * types it knows (application/json-patch+json, application/vnd.api+json, …), each of which names a
 * meaning of its own that these routes do not follow; they are refused before the body is read.
 */
export const isJsonMediaType = (contentType: string): boolean =>
  (contentType.split(';', 1)[0] ?? '').trim().toLowerCase() === 'application/json';

/**
 * Reads and parses the body with `parseBody`; null once parsed, or the answer refusing it. A body
 * that says it is compressed (gzip, deflate, br) but is not fails to decompress with zlib's own
 * error, which carries no HTTP status; the client sent it, so it is a 400, not a fault here. The
 * parser's own refusals are thrown, for the envelope to answer.
 */
export async function readBody(ctx: Context, parseBody: Middleware): Promise<HttpAnswer | null> {
  try {
    await parseBody(ctx, async () => undefined);
    return null;
  } catch (error) {
    const encoding = ctx.get('Content-Encoding');
    if (isClientError(error) || encoding === '' || encoding.toLowerCase() === 'identity') throw error;
    return httpAnswers.undecodableBody(encoding);
  }
}

/** The settings and reports these bodies carry are a few fields each. */
const SMALL_BODY_LIMIT_BYTES = 64 * 1024;

const parseSmallJson = bodyParser({
  enableTypes: ['json'],
  jsonStrict: false,
  jsonLimit: SMALL_BODY_LIMIT_BYTES,
  encoding: 'utf-8',
});

/** Whether the request carries a body at all. */
function hasBody(ctx: Context): boolean {
  return ctx.request.length !== undefined ? ctx.request.length > 0 : ctx.get('Transfer-Encoding') !== '';
}

/**
 * The JSON value of a small request's body, `{}` when it has none (every field of these bodies is
 * optional), or the answer refusing it: not `application/json` in UTF-8 (415), too large (413), or
 * malformed (400, by the adapter's answers to the parser's errors).
 */
export async function readSmallJsonBody(ctx: Context): Promise<{ readonly body: unknown } | HttpAnswer> {
  if (!hasBody(ctx)) return { body: {} };
  const contentType = ctx.get('Content-Type');
  if (!isJsonMediaType(contentType)) return httpAnswers.unsupportedMediaType(contentType || undefined);
  const charset = ctx.request.charset;
  if (charset !== '' && !UTF_8.test(charset)) return httpAnswers.unsupportedCharset(charset);
  try {
    return (await readBody(ctx, parseSmallJson)) ?? { body: ctx.request.body };
  } catch (error) {
    if (isClientError(error) && error.status === 413) return httpAnswers.tooLarge(SMALL_BODY_LIMIT_BYTES);
    throw error;
  }
}
