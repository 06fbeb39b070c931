import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A loopback TCP relay in front of a database, which a test can cut and restore like a network. */
export interface TcpProxy {
  readonly port: number;
  /** Drops every open connection now and refuses new ones until restored. */
  cut(): void;
  /** Cuts once this many more bytes have gone towards the database. */
  cutAfter(bytes: number): Promise<void>;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let down = false;
  let armed: { remaining: number; onCut: () => void } | null = null;

  const cut = () => {
    down = true;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    armed?.onCut();
    armed = null;
  };

  const server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk: Buffer) => {
      if (armed !== null) {
        armed.remaining -= chunk.length;
        if (armed.remaining <= 0) {
          cut();
          return;
        }
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));

  return {
    port: (server.address() as AddressInfo).port,
    cut,
    cutAfter: (bytes) => new Promise<void>((resolve) => (armed = { remaining: bytes, onCut: resolve })),
    restore: () => {
      down = false;
    },
    close: async () => {
      cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
