import type Koa from 'koa';
import type { AddressInfo } from 'node:net';

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
}

/** Serves a Koa app over HTTP; resolves once it accepts connections, rejects when it cannot listen. */
export async function serveHttpApp(app: Koa, { port, host }: ListenOptions): Promise<ServingHttpApp> {
  const server = app.listen({ port, host });
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
