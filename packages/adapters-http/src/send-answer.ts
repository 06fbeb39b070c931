import type { Context } from 'koa';
import type { HttpAnswer } from './http-answer.js';

/** Writes an answer of the table onto the response: status, body and headers. */
export function sendAnswer(ctx: Context, answer: HttpAnswer): void {
  ctx.status = answer.status;
  ctx.body = answer.body;
  for (const [name, value] of Object.entries(answer.headers ?? {})) ctx.set(name, value);
}

/** Answers without reading the body; a body still on its way is not read, and the connection closes after. */
export function refuseUnread(ctx: Context, answer: HttpAnswer): void {
  sendAnswer(ctx, answer);
  if (ctx.request.length !== undefined ? ctx.request.length > 0 : ctx.get('Transfer-Encoding') !== '') {
    ctx.set('Connection', 'close');
  }
}
