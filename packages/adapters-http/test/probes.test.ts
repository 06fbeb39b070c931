import { expect } from 'chai';
import { createHttpApp, serveHttpApp, type HttpAppOptions } from '../src/index.js';

const nothingToDo = { execute: () => Promise.reject(new Error('not called')) };

async function answerOf(path: string, options: HttpAppOptions) {
  const server = await serveHttpApp(createHttpApp(nothingToDo, options), { port: 0, host: '127.0.0.1' });
  try {
    const response = await fetch(`${server.url}${path}`);
    return { status: response.status, body: await response.json() };
  } finally {
    await server.close();
  }
}

const notReady = {
  status: 503,
  body: { status: 'failed', data: { message: 'not ready' }, message: 'the storage does not answer!' },
};

describe('GET /healthz and /readyz', function () {
  it('/healthz answers 200 while the process runs, whatever the storage does', async function () {
    expect(await answerOf('/healthz', { ready: () => Promise.reject(new Error('down')) })).to.deep.equal({
      status: 200,
      body: { status: 'success', data: { message: 'alive' }, message: 'The process is running.' },
    });
  });

  it('/readyz answers 200 when the storage answers', async function () {
    expect(await answerOf('/readyz', { ready: () => Promise.resolve() })).to.deep.equal({
      status: 200,
      body: { status: 'success', data: { message: 'ready' }, message: 'The storage answers.' },
    });
  });

  it('/readyz answers 503 when the storage refuses', async function () {
    expect(await answerOf('/readyz', { ready: () => Promise.reject(new Error('down')) })).to.deep.equal(notReady);
  });

  it('/readyz answers 503 when the storage does not answer in time', async function () {
    const never = () => new Promise<void>(() => undefined);

    expect(await answerOf('/readyz', { ready: never, readyTimeoutMs: 50 })).to.deep.equal(notReady);
  });
});
