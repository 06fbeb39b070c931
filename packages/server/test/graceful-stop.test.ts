import { describeOnEachDatabase } from '@outbound/adapters-sql/testing';
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startOutbound, type OutboundProcess } from '../testing/index.js';
import { post, until, userData } from './outbound-requests.js';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

interface RawAnswer {
  readonly status: number | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A POST whose body has been handed to the kernel in full when `sent` resolves, and its answer. */
function postWatched(url: string, body: unknown): { sent: Promise<void>; answer: Promise<RawAnswer> } {
  const { hostname, port } = new URL(url);
  const text = JSON.stringify(body);
  let sent!: () => void;
  const whenSent = new Promise<void>((resolve) => (sent = resolve));
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: hostname,
        port,
        method: 'POST',
        path: '/createContactAndCampaign',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) },
      },
      (response) => {
        let received = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: received }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(text, sent);
  });
  return { sent: whenSent, answer };
}

/** A keep-alive connection that has been answered once and now sends half the headers of its next request. */
async function aConnectionTricklingItsNextRequest(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      received += chunk;
      if (received.includes('"alive"')) resolve();
    });
    socket.once('error', reject);
    socket.write('GET /healthz HTTP/1.1\r\nHost: outbound\r\n\r\n');
  });
  socket.write('GET /healthz HTTP/1.1\r\nHost: out');
  return socket;
}

describeOnEachDatabase(
  (label) => `stopping the outbound command gracefully, on ${label}`,
  (database) => {
    it('answers a 100,000-row request under way when SIGTERM comes, stores it, and exits 0; the same request again is a replay', async function () {
      this.timeout(120_000);
      const request = { identifierName: 'stopped_midway', userData: userData(100_000) };
      const first = await startOutbound({ DATABASE_URL: database().url });

      const { sent, answer } = postWatched(first.url, request);
      // With every byte of a 7 MB body handed over, the server has long begun reading it.
      await sent;
      first.signal('SIGTERM');
      const answered = await answer;
      const ended = await first.ended;

      expect(answered.status).to.equal(200);
      expect(answered.headers.connection).to.equal('close');
      expect(JSON.parse(answered.body)).to.have.nested.property('data.rowsStored', 100_000);
      expect(ended.code).to.equal(0);
      expect(ended.stdout).to.match(/"msg":"SIGTERM: outbound stopping[^"]*"[\s\S]*"msg":"outbound stopped"/);

      const second = await startOutbound({ DATABASE_URL: database().url });
      try {
        const again = await post(second.url, request);

        expect(again.status).to.equal(200);
        expect(again.body.data).to.include({ rowsStored: 100_000, replayed: true });
      } finally {
        await second.stop();
      }
    });
  },
);

describe('stopping the outbound command', function () {
  let outbound: OutboundProcess | undefined;

  afterEach(async function () {
    outbound?.signal('SIGKILL');
    await outbound?.ended;
    outbound = undefined;
  });

  it('exits 0 at once with an idle keep-alive connection open, long before that connection would time out', async function () {
    outbound = await startOutbound({ DATABASE_URL: 'memory:', KEEP_ALIVE_TIMEOUT_MS: '600000' });
    const { hostname, port } = new URL(outbound.url);
    const socket = connect(Number(port), hostname);
    await new Promise<void>((resolve) => {
      socket.setEncoding('utf8').once('data', () => resolve());
      socket.write('GET /healthz HTTP/1.1\r\nHost: outbound\r\n\r\n');
    });

    const signalledAt = Date.now();
    outbound.signal('SIGTERM');
    const { code } = await outbound.ended;

    expect(code).to.equal(0);
    // Measured well under a second; the bound is loose because the machine is shared.
    expect(Date.now() - signalledAt).to.be.below(10_000);
    socket.destroy();
  });

  it('past SHUTDOWN_TIMEOUT_MS, destroys the connections left, says how many requests were cut, and exits 1', async function () {
    outbound = await startOutbound({ DATABASE_URL: 'memory:', SHUTDOWN_TIMEOUT_MS: '300' });
    const trickling = await aConnectionTricklingItsNextRequest(outbound.url);
    const closed = new Promise<void>((resolve) => trickling.once('close', resolve));

    outbound.signal('SIGTERM');
    const { code, stdout } = await outbound.ended;
    await closed;

    expect(code).to.equal(1);
    expect(stdout).to.match(
      /"requestsCut":0,"msg":"SHUTDOWN_TIMEOUT_MS \(300 ms\) passed: cut 0 request\(s\) in flight"/,
    );
    expect(stdout).not.to.include('outbound stopped');
  });

  it('stops at once on a second signal', async function () {
    outbound = await startOutbound({ DATABASE_URL: 'memory:', SHUTDOWN_TIMEOUT_MS: '600000' });
    const trickling = await aConnectionTricklingItsNextRequest(outbound.url);
    const running = outbound;

    running.signal('SIGTERM');
    await until(() => running.stdoutSoFar().includes('outbound stopping'));
    running.signal('SIGINT');
    const { code, stdout } = await running.ended;

    expect(code).to.equal(1);
    expect(stdout).to.include('SIGINT again: outbound stopping at once');
    trickling.destroy();
  });

  it('answers a request still arriving on an open connection when stopping begins, with Connection: close', async function () {
    outbound = await startOutbound({ DATABASE_URL: 'memory:', SHUTDOWN_TIMEOUT_MS: '600000' });
    const running = outbound;
    const trickling = await aConnectionTricklingItsNextRequest(running.url);
    let received = '';
    trickling.on('data', (chunk: string) => (received += chunk));

    running.signal('SIGTERM');
    await until(() => running.stdoutSoFar().includes('outbound stopping'));
    trickling.write('bound\r\n\r\nGET /readyz HTTP/1.1\r\nHost: outbound\r\n\r\n');
    const { code } = await running.ended;

    expect(code).to.equal(0);
    expect(received).to.match(/HTTP\/1\.1 200 OK[\s\S]*Connection: close[\s\S]*"alive"/);
  });

  it('reaches the server when npm start is the process signalled, so none is left serving', async function () {
    this.timeout(120_000);
    const npm = spawn('npm', ['start'], {
      cwd: repositoryRoot,
      env: { PATH: process.env['PATH'] ?? '', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: 'memory:' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    npm.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => npm.once('close', resolve));
    await until(() => stdout.includes('outbound listening on'), 60_000);
    const url = /"url":"(http:[^"]+)"/.exec(stdout)?.[1] as string;
    expect((await fetch(`${url}/healthz`)).status).to.equal(200);

    npm.kill('SIGTERM');
    await exited;

    expect(stdout).to.include('"msg":"outbound stopped"');
    const afterwards = await fetch(`${url}/healthz`).then(
      (response) => response.status,
      () => 'refused',
    );
    expect(afterwards).to.equal('refused');
  });
});
