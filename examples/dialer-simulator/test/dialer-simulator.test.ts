import { silentLogger } from '@outbound/domain';
import { readServerConfig, startServer, type RunningServer } from '@outbound/server';
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { simulateDialers } from '../src/simulate-dialers.js';
import { simulatorOptions } from '../src/simulator-options.js';

const CAMPAIGN = 'VoiceGenie_campaign_simulated';

/** A port of the loopback interface that nothing listens on: one just given up. */
async function aClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the dialer simulator', function () {
  let server: RunningServer;

  beforeEach(async function () {
    server = await startServer(
      readServerConfig({ DATABASE_URL: 'memory:', PORT: '0', HOST: '127.0.0.1', BRAND_NAME: 'VoiceGenie' }),
      silentLogger,
    );
    const userData = Array.from({ length: 50 }, (_, index) => ({
      phone_number: `+9198765${String(index).padStart(5, '0')}`,
    }));
    const created = await post('/createContactAndCampaign', { identifierName: 'simulated', userData });
    expect(created.status).to.equal(200);
    const started = await post(`/campaigns/${CAMPAIGN}/start`, {
      retry: { maxAttempts: 2, afterMinutes: 0, on: ['no-answer'] },
    });
    expect(started.status).to.equal(200);
  });
  afterEach(async function () {
    await server.stop();
  });

  async function post(path: string, body: unknown) {
    return fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  async function campaign(): Promise<Record<string, unknown>> {
    const answer = (await (await fetch(`${server.url}/campaigns/${CAMPAIGN}`)).json()) as {
      data: Record<string, unknown>;
    };
    return answer.data;
  }

  const options = (odds: string) =>
    simulatorOptions(
      [
        '--url',
        server.url,
        '--concurrency',
        '4',
        '--max',
        '5',
        '--wait-ms',
        '0',
        '--call-ms',
        '0-5',
        '--odds',
        odds,
        '--until-idle',
        '2',
      ],
      {},
    );

  it('calls every contact until the campaign completes, its counts adding up', async function () {
    const progress = await simulateDialers(options('answered=1'));

    expect(progress.leased).to.equal(50);
    expect(await campaign()).to.deep.include({ status: 'completed', attempts: 50 });
    expect((await campaign())['outcomes']).to.deep.include({ answered: 50 });
  });

  it('calls again those who did not answer, as the retry policy says', async function () {
    const progress = await simulateDialers(options('no-answer=1'));

    expect(progress.leased).to.equal(100);
    expect(progress.inFlight).to.equal(0);
    const run = await campaign();
    expect(run).to.deep.include({ status: 'completed', attempts: 100 });
    expect(run['contacts']).to.deep.include({ finished: 50, waiting: 0, dialling: 0 });
    expect(run['outcomes']).to.deep.include({ 'no-answer': 50 });
  });

  it('prints counts and never a number, and names a usage error', async function () {
    const main = fileURLToPath(new URL('../src/main.js', import.meta.url));
    const run = promisify(execFile);

    const { stdout } = await run(process.execPath, [
      main,
      '--url',
      server.url,
      '--call-ms',
      '0-5',
      '--odds',
      'busy=1',
      '--until-idle',
      '1',
      '--wait-ms',
      '0',
    ]);
    expect(stdout).to.match(/leased 50, in flight 0; busy 50\n$/);
    expect(stdout).not.to.match(/9198765/);

    const refused = await run(process.execPath, [main, '--odds', 'answered=0.5']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused).to.deep.include({ code: 2 });
    expect((refused as { stderr: string }).stderr).to.match(/^--odds must add up to 1/);
  });

  it('stops every dialer at the first refusal and exits 1 saying why', async function () {
    const main = fileURLToPath(new URL('../src/main.js', import.meta.url));
    const run = promisify(execFile);
    const failing = (args: readonly string[]) =>
      run(process.execPath, [main, '--concurrency', '4', '--wait-ms', '0', ...args]).then(
        () => expect.fail('the simulator ended without an error'),
        (error: { code: number; stderr: string }) => error,
      );

    const nowhere = `http://127.0.0.1:${await aClosedPort()}`;
    const unreachable = await failing(['--url', nowhere]);
    expect(unreachable.code).to.equal(1);
    expect(unreachable.stderr).to.equal(`cannot reach ${nowhere} (ECONNREFUSED)\n`);

    const notFound = await failing(['--url', `${server.url}/nowhere`]);
    expect(notFound.code).to.equal(1);
    expect(notFound.stderr).to.match(/^\/calls\/lease: 404 /);
    expect(await campaign()).to.deep.include({ status: 'running', attempts: 0 });
  });
});
