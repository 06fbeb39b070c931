import type Koa from 'koa';
import { STATUS_CODES, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { httpAnswers } from './http-answer.js';

export interface ServingHttpApp {
  /** Where clients reach it, as `http://host:port`. */
  readonly url: string;
  /** Stops accepting connections, closes idle ones, and resolves once those still answering are done. */
  close(): Promise<void>;
}

export interface ListenOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Unset listens on every interface. */
  readonly host?: string | undefined;
  /**
   * How long a client may take to send a whole request (headers and body) before it is answered
   * 408 and its connection closed; Node's own 5 minutes when unset.
   */
  readonly requestTimeoutMs?: number | undefined;
}

/** Node's defaults, which a shorter request timeout must stay within. */
const NODE_REQUEST_TIMEOUT_MS = 300_000;
const NODE_HEADERS_TIMEOUT_MS = 60_000;
const NODE_TIMEOUT_CHECK_INTERVAL_MS = 30_000;

/** Serves a Koa app over HTTP; resolves once it accepts connections, rejects when it cannot listen. */
export async function serveHttpApp(
  app: Koa,
  { port, host, requestTimeoutMs = NODE_REQUEST_TIMEOUT_MS }: ListenOptions,
): Promise<ServingHttpApp> {
  const handle = app.callback();
  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(NODE_HEADERS_TIMEOUT_MS, requestTimeoutMs),
      // Node looks for overdue requests this often; a short timeout needs a closer look to be kept.
      connectionsCheckingInterval: Math.min(NODE_TIMEOUT_CHECK_INTERVAL_MS, Math.max(10, requestTimeoutMs / 4)),
    },
    // Koa's handler answers its own failures; the promise it returns settles with nothing to do.
    (request, response) => void handle(request, response),
  );
  answerUnparsableRequestsInEnvelope(server);
  server.listen({ port, host });
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const address = server.address() as AddressInfo;
  const reachableAt =
    host === undefined || address.address === '::' || address.address === '0.0.0.0' ? 'localhost' : address.address;
  return {
    url: `http://${reachableAt.includes(':') ? `[${reachableAt}]` : reachableAt}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

/** The part of a socket Node's HTTP server gives a clientError listener that tells whether an answer has begun. */
interface ClientSocket extends Duplex {
  readonly _httpMessage?: { readonly headersSent: boolean } | null;
}

/**
 * Node answers what its parser refuses (headers too large: 431, a request that took too long: 408,
 * not HTTP at all: 400) itself, with an empty body. This gives those answers the envelope too, and
 * like Node's own handler, writes nothing on a socket that is gone or already answering.
 */
function answerUnparsableRequestsInEnvelope(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: ClientSocket) => {
    if (error.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent === true) {
      socket.destroy();
      return;
    }
    const { status, body } = httpAnswers.unparsableRequest(error.code);
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(json)}\r\n` +
        'Connection: close\r\n\r\n' +
        json,
    );
  });
}
