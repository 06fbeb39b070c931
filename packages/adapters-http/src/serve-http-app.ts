import type Koa from 'koa';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { httpAnswers } from './http-answer.js';

export interface ServingHttpApp {
  /** Where clients reach it, as `http://host:port`. */
  readonly url: string;
  /** Where it listens, as `0.0.0.0:3000` or `[::]:3000` (every interface) or `127.0.0.1:3000`. */
  readonly listeningOn: string;
  /**
   * Stops accepting connections and closes idle ones; requests in flight are answered, with
   * `Connection: close`, as is any that arrives meanwhile on a connection already open. Resolves
   * once every connection is closed, or once `timeoutMs` has passed, destroying those left.
   */
  close(options?: CloseOptions): Promise<Closed>;
}

export interface CloseOptions {
  /** How long requests in flight may take to finish; unbounded when unset. */
  readonly timeoutMs?: number;
}

export interface Closed {
  /** Whether connections were still open at the deadline and were destroyed. */
  readonly deadlinePassed: boolean;
  /** Requests under way on them, left unanswered. */
  readonly requestsCut: number;
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
  /** How long a client may take to send a request's headers; Node's own 60 s, within requestTimeoutMs, when unset. */
  readonly headersTimeoutMs?: number | undefined;
  /** How long an idle keep-alive connection is kept open; Node's own 5 s when unset. */
  readonly keepAliveTimeoutMs?: number | undefined;
}

/** Node's defaults, which a shorter request timeout must stay within. */
const NODE_REQUEST_TIMEOUT_MS = 300_000;
const NODE_HEADERS_TIMEOUT_MS = 60_000;
const NODE_TIMEOUT_CHECK_INTERVAL_MS = 30_000;
const NODE_KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** Serves a Koa app over HTTP; resolves once it accepts connections, rejects when it cannot listen. */
export async function serveHttpApp(
  app: Koa,
  {
    port,
    host,
    requestTimeoutMs = NODE_REQUEST_TIMEOUT_MS,
    headersTimeoutMs = Math.min(NODE_HEADERS_TIMEOUT_MS, requestTimeoutMs),
    keepAliveTimeoutMs = NODE_KEEP_ALIVE_TIMEOUT_MS,
  }: ListenOptions,
): Promise<ServingHttpApp> {
  const handle = app.callback();
  const answering = new Set<ServerResponse>();
  let stopping = false;
  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: headersTimeoutMs,
      keepAliveTimeout: keepAliveTimeoutMs,
      // Node looks for overdue requests this often; a short timeout needs a closer look to be kept.
      connectionsCheckingInterval: Math.min(
        NODE_TIMEOUT_CHECK_INTERVAL_MS,
        Math.max(10, Math.min(headersTimeoutMs, requestTimeoutMs) / 4),
      ),
    },
    (request, response) => {
      answering.add(response);
      response.once('close', () => answering.delete(response));
      if (stopping) response.setHeader('Connection', 'close');
      // Koa's handler answers its own failures; the promise it returns settles with nothing to do.
      void handle(request, response);
    },
  );
  answerUnparsableRequestsInEnvelope(server);
  server.listen({ port, host });
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const address = server.address() as AddressInfo;
  const everyInterface = address.address === '::' || address.address === '0.0.0.0';
  const reachableAt = host === undefined || everyInterface ? 'localhost' : address.address;
  const bracketed = (name: string): string => (name.includes(':') ? `[${name}]` : name);
  return {
    url: `http://${bracketed(reachableAt)}:${address.port}`,
    listeningOn: `${bracketed(address.address)}:${address.port}`,
    close: ({ timeoutMs } = {}) =>
      new Promise<Closed>((resolve, reject) => {
        stopping = true;
        for (const response of answering) {
          if (!response.headersSent) response.setHeader('Connection', 'close');
        }
        let deadline: NodeJS.Timeout | undefined;
        let cut: Closed | undefined;
        server.close((error) => {
          clearTimeout(deadline);
          if (error) reject(error);
          else resolve(cut ?? { deadlinePassed: false, requestsCut: 0 });
        });
        server.closeIdleConnections();
        if (timeoutMs !== undefined) {
          deadline = setTimeout(() => {
            cut = { deadlinePassed: true, requestsCut: answering.size };
            server.closeAllConnections();
          }, timeoutMs);
        }
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
        // Its headers could not be read, so any id the client sent is unknown: a new one, as for every answer.
        `X-Request-Id: ${randomUUID()}\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\n` +
        'Connection: close\r\n\r\n' +
        json,
    );
  });
}
