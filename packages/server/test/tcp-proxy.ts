import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A loopback TCP relay in front of a database, which a test can cut and restore like a network. */
export interface TcpProxy {
  readonly port: number;
  /** Drops every open connection now and refuses new ones until restored. */
  cut(): void;
  /** Cuts once this many more bytes have gone towards the database. */
  cutAfter(bytes: number): Promise<void>;
  /**
   * From the moment `marker` goes towards the database on a connection, that connection drops every
   * packet both ways without closing: a network that silently stopped carrying one flow. Resolves then.
   */
  blackHoleConnectionOn(marker: string): Promise<void>;
  /** Every connection, open or new, drops every packet both ways without closing, until restored. */
  blackHoleAll(): void;
  /** Lets new connections through again, and closes those that were black-holed. */
  restore(): void;
  close(): Promise<void>;
}

interface Flow {
  readonly client: Socket;
  readonly upstream: Socket;
  silent: boolean;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const flows = new Set<Flow>();
  let down = false;
  let allSilent = false;
  let armed: { remaining: number; onCut: () => void } | null = null;
  let watched: { marker: string; onSilenced: () => void } | null = null;

  const cut = () => {
    down = true;
    for (const { client, upstream } of flows) {
      client.destroy();
      upstream.destroy();
    }
    flows.clear();
    armed?.onCut();
    armed = null;
  };

  const server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    const flow: Flow = { client, upstream, silent: allSilent };
    flows.add(flow);
    let recent = '';
    for (const socket of [client, upstream]) {
      socket.on('error', () => undefined).on('close', () => flows.delete(flow));
    }
    client.on('data', (chunk: Buffer) => {
      if (watched !== null) {
        // The marker may straddle two chunks.
        recent = (recent + chunk.toString('latin1')).slice(-(chunk.length + watched.marker.length));
        if (recent.includes(watched.marker)) {
          flow.silent = true;
          watched.onSilenced();
          watched = null;
        }
      }
      if (flow.silent) return;
      if (armed !== null) {
        armed.remaining -= chunk.length;
        if (armed.remaining <= 0) {
          cut();
          return;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!flow.silent) client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));

  return {
    port: (server.address() as AddressInfo).port,
    cut,
    cutAfter: (bytes) => new Promise<void>((resolve) => (armed = { remaining: bytes, onCut: resolve })),
    blackHoleConnectionOn: (marker) =>
      new Promise<void>((resolve) => {
        watched = { marker, onSilenced: resolve };
      }),
    blackHoleAll: () => {
      allSilent = true;
      for (const flow of flows) flow.silent = true;
    },
    restore: () => {
      down = false;
      allSilent = false;
      for (const flow of flows) {
        if (!flow.silent) continue;
        flow.client.destroy();
        flow.upstream.destroy();
      }
    },
    close: async () => {
      cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
