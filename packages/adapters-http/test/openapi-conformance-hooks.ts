import { conformanceProblem } from './openapi-conformance.js';

/**
 * A mocha root hook: every answer a test receives through fetch from a server on this machine is
 * checked against the OpenAPI document before the test sees it, and one that does not match
 * rejects the test's fetch, so the document cannot drift from what the server answers.
 */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const realFetch = globalThis.fetch;

export class AnswerDiffersFromDocumentError extends Error {
  override readonly name = 'AnswerDiffersFromDocumentError';
}

async function checkedFetch(
  input: Parameters<typeof fetch>[0],
  init?: Parameters<typeof fetch>[1],
): ReturnType<typeof fetch> {
  const response = await realFetch(input, init);
  // Read off what was asked without building a Request, which would take hold of a streamed body.
  const url = input instanceof Request ? input.url : String(input);
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  if (!LOCAL_HOSTS.has(new URL(url).hostname)) return response;
  // A body cut off (the server stopped meanwhile) has nothing to check.
  const body = await response
    .clone()
    .text()
    .catch(() => null);
  if (body === null) return response;
  const problem = await conformanceProblem({
    method,
    url,
    status: response.status,
    headers: response.headers,
    body,
  });
  if (problem !== null) throw new AnswerDiffersFromDocumentError(problem);
  return response;
}

export const mochaHooks = {
  beforeAll(): void {
    globalThis.fetch = checkedFetch;
  },
  afterAll(): void {
    globalThis.fetch = realFetch;
  },
};
