import { expect } from 'chai';
import { execFile, spawn } from 'node:child_process';
import { ApiKeys } from '@outbound/adapters-http';
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { aWorkingFolder, runOutbound, startOutbound, type OutboundProcess } from '../testing/index.js';

const run = promisify(execFile);
const outboundEntry = fileURLToPath(new URL('../src/outbound.js', import.meta.url));
const SPEC_HOST = 'https://seamless-sandbox-dev-cm.oriserve.com';
const spec = readFileSync(
  fileURLToPath(new URL('../../../../docs/spec/create-contact-and-campaign.md', import.meta.url)),
  'utf8',
);

/** A code example of the spec, verbatim but for the host. */
function specExample(language: string, url: string): string {
  const code = new RegExp('```' + language + ' [^\\n]*\\n([\\s\\S]*?)\\n```').exec(spec)?.[1];
  if (code === undefined) throw new Error(`the spec has no ${language} example`);
  expect(code).to.include(SPEC_HOST);
  return code.replaceAll(SPEC_HOST, url);
}

describe('the outbound command', function () {
  describe('serving', function () {
    let outbound: OutboundProcess;

    before(async function () {
      outbound = await startOutbound({});
    });
    after(async function () {
      await outbound.stop();
    });

    it("answers the spec's JavaScript example as the spec says", async function () {
      const folder = await mkdtemp(join(tmpdir(), 'outbound-'));
      try {
        const script = join(folder, 'example.mjs');
        await writeFile(script, specExample('javascript', outbound.url));

        const { stdout } = await run(process.execPath, [script]);

        expect(stdout).to.equal('Contact and campaign created.\n');
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });

    it("answers the spec's Python example as the spec says", async function () {
      const { stdout } = await run('python3', ['-c', specExample('python', outbound.url)]);

      expect(stdout).to.equal('Contact and campaign created.\n');
    });

    it("answers the spec's cURL example with the spec's success body", async function () {
      const { stdout } = await run('bash', ['-c', specExample('bash', outbound.url)]);

      expect(JSON.parse(stdout)).to.deep.equal({
        status: 'success',
        data: {
          message: 'Done',
          contactListName: 'VoiceGenie_contact_onboarding_campaign_003',
          campaignName: 'VoiceGenie_campaign_onboarding_campaign_003',
          rowsStored: 1,
          duplicatesSkipped: 0,
          replayed: false,
        },
        message: 'Contact and campaign created.',
      });
    });
  });

  it('logs the address once, says once that the default brand is used, and stops cleanly on SIGTERM', async function () {
    const outbound = await startOutbound({});

    const { code, stdout } = await outbound.stop();

    expect(code).to.equal(0);
    expect(stdout.match(/"msg":"outbound listening on 127\.0\.0\.1:\d+"/g)).to.have.length(1);
    expect(stdout.match(/BRAND_NAME is not set; naming lists and campaigns VoiceGenie_contact_/g)).to.have.length(1);
    expect(
      stdout.match(/"level":40,.*"msg":"API_KEYS and API_KEYS_FILE are not set: serving without authentication/g),
    ).to.have.length(1);
  });

  it('refuses to start in production without keys, and serves with them, never printing a secret', async function () {
    const secret = 'prod-secret-0123456789';
    const refused = await runOutbound({ NODE_ENV: 'production', DATABASE_URL: 'memory:' });
    const outbound = await startOutbound({
      NODE_ENV: 'production',
      DATABASE_URL: 'memory:',
      API_KEYS: `crm:${secret}`,
    });
    const { code, stdout, stderr } = await outbound.stop();

    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.equal(
      'outbound: cannot start: NODE_ENV is production but neither API_KEYS nor API_KEYS_FILE is set: anyone could create campaigns\n',
    );
    expect(code).to.equal(0);
    expect(stdout).not.to.include('serving without authentication');
    expect(stdout + stderr).not.to.include(secret);
  });

  it('rotates a secret as the README says, the owner seeing its lists throughout', async function () {
    const oldSecret = 'crm-old-secret-0123456789';
    const newSecret = 'crm-new-secret-9876543210';
    const folder = aWorkingFolder();
    const list = '/contactLists/VoiceGenie_contact_rotated';
    const create = (url: string, secret: string, identifierName: string) =>
      fetch(`${url}/createContactAndCampaign`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'x-api-key': secret },
        body: JSON.stringify({ identifierName, userData: [{ phone_number: '14155550100' }] }),
      });
    const read = async (url: string, path: string, secret: string) => {
      const response = await fetch(`${url}${path}`, { headers: { 'x-api-key': secret } });
      return { status: response.status, body: (await response.json()) as { data: { campaigns?: unknown[] } } };
    };
    try {
      // 1. The new secret is added beside the old, under the same name.
      const both = await startOutbound({ API_KEYS: `crm:${oldSecret},crm:${newSecret}` }, { cwd: folder });
      let bothOutput: string;
      try {
        expect((await create(both.url, oldSecret, 'rotated')).status).to.equal(200);
        // 2. Clients move to the new secret; either reads what the other created.
        expect((await read(both.url, list, newSecret)).status).to.equal(200);
        expect((await read(both.url, list, oldSecret)).status).to.equal(200);
        expect((await create(both.url, newSecret, 'moved')).status).to.equal(200);
        expect((await read(both.url, '/campaigns', oldSecret)).body.data.campaigns).to.have.length(2);
      } finally {
        bothOutput = (await both.stop()).stdout;
      }
      // 3. The old secret is removed.
      const newOnly = await startOutbound({ API_KEYS: `crm:${newSecret}` }, { cwd: folder });
      let newOnlyOutput: string;
      try {
        expect((await read(newOnly.url, list, oldSecret)).status).to.equal(401);
        expect((await read(newOnly.url, list, newSecret)).status).to.equal(200);
        expect((await read(newOnly.url, '/campaigns', newSecret)).body.data.campaigns).to.have.length(2);
      } finally {
        newOnlyOutput = (await newOnly.stop()).stdout;
      }

      const fingerprints = [ApiKeys.fingerprintOf(oldSecret), ApiKeys.fingerprintOf(newSecret)];
      expect(bothOutput).to.include(`"keys":{"crm":${JSON.stringify(fingerprints)}},"msg":"API keys of crm"`);
      expect(newOnlyOutput).to.include(`"keys":{"crm":${JSON.stringify(fingerprints.slice(1))}}`);
      const used = bothOutput
        .split('\n')
        .filter((line) => line.includes('"msg":"request"'))
        .map((line) => JSON.parse(line) as { key: string; keyFingerprint: string });
      expect(used.map(({ key, keyFingerprint }) => `${key} ${keyFingerprint}`)).to.deep.equal([
        `crm ${fingerprints[0]}`,
        `crm ${fingerprints[1]}`,
        `crm ${fingerprints[0]}`,
        `crm ${fingerprints[1]}`,
        `crm ${fingerprints[0]}`,
      ]);
      expect(bothOutput + newOnlyOutput).not.to.include('secret-');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('answers 429 to an address past 30 failed keys a minute, or AUTH_FAILURES_PER_MINUTE', async function () {
    const statusesOf = async (env: Record<string, string>, attempts: number) => {
      const outbound = await startOutbound({ DATABASE_URL: 'memory:', API_KEYS: 'crm:crm-secret-0123456789', ...env });
      try {
        const statuses = [];
        for (let i = 0; i < attempts; i += 1) {
          const response = await fetch(`${outbound.url}/campaigns`, {
            headers: { 'x-api-key': `guess-${i}-0123456789` },
          });
          await response.arrayBuffer();
          statuses.push(response.status);
        }
        return statuses;
      } finally {
        await outbound.stop();
      }
    };

    expect(await statusesOf({}, 31)).to.deep.equal([...Array<number>(30).fill(401), 429]);
    expect(await statusesOf({ AUTH_FAILURES_PER_MINUTE: '2' }, 3)).to.deep.equal([401, 401, 429]);
    expect(await statusesOf({ AUTH_FAILURES_PER_MINUTE: '0' }, 31)).to.deep.equal(Array<number>(31).fill(401));
  });

  it('says it listens on every interface when HOST is not set, and where clients reach it', async function () {
    const outbound = await startOutbound({ HOST: '' });
    const { stdout } = await outbound.stop();

    expect(stdout).to.match(
      /"url":"http:\/\/localhost:\d+","msg":"outbound listening on (\[::\]|0\.0\.0\.0):\d+, every interface"/,
    );
  });

  it('writes lines for a person with LOG_FORMAT=pretty', async function () {
    const child = spawn(process.execPath, [outboundEntry], {
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: 'memory:',
        LOG_FORMAT: 'pretty',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const listening = new Promise<void>((resolve) =>
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('outbound listening on')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    await listening;
    child.kill('SIGTERM');

    expect(await exited).to.equal(0);
    // eslint-disable-next-line no-control-regex -- pino-pretty colours its levels
    const plain = stdout.replace(/\u001b\[[0-9;]*m/g, '');
    expect(plain).to.match(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(\d+\): outbound listening on 127\.0\.0\.1:\d+$/m);
    expect(plain).not.to.match(/^\{"level"/m);
  });

  it('writes lines for a person when LOG_FORMAT is unset and stdout is a terminal', async function () {
    // script(1) runs the server under a pseudo-terminal, as `npm start` runs in a person's terminal.
    const command = `'${process.execPath}' '${outboundEntry}'`;
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { PATH: process.env['PATH'] ?? '', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: 'memory:' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    // eslint-disable-next-line no-control-regex -- pino-pretty colours its levels
    const plain = () => output.replace(/\u001b\[[0-9;]*m/g, '');
    const serverPid = new Promise<number>((resolve) =>
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        const listening = /INFO \((\d+)\): outbound listening on/.exec(plain());
        if (listening !== null) resolve(Number(listening[1]));
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    // The server, not script(1), is told to stop: its pid is on its own line.
    process.kill(await serverPid, 'SIGTERM');

    expect(await exited).to.equal(0);
    expect(output).to.include('\u001b[');
    expect(plain()).to.match(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(\d+\): outbound listening on 127\.0\.0\.1:\d+\r?$/m);
    expect(plain()).not.to.match(/^\{"level"/m);
  });

  it('names lists after BRAND_NAME and says nothing of the default then', async function () {
    const outbound = await startOutbound({ BRAND_NAME: 'Acme' });
    try {
      const response = await fetch(`${outbound.url}/createContactAndCampaign`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identifierName: 'branded', userData: [{ phone_number: '14155550100' }] }),
      });

      expect(await response.json()).to.have.nested.property('data.campaignName', 'Acme_campaign_branded');
    } finally {
      const { stdout } = await outbound.stop();
      expect(stdout).not.to.include('BRAND_NAME');
    }
  });

  it('refuses to start on a bad setting, naming the variable', async function () {
    const { code, stderr, stdout } = await runOutbound({ PORT: 'eighty' });

    expect(code).to.equal(1);
    expect(stderr).to.equal('outbound: cannot start: PORT must be a whole number from 0 to 65535 (got "eighty")\n');
    expect(stdout).not.to.include('listening');
  });

  it('refuses a HOST it cannot listen on, naming HOST, whether its form or its address is wrong', async function () {
    const [malformed, notHere, unknown] = await Promise.all([
      runOutbound({ HOST: 'not a host!', DATABASE_URL: 'memory:' }),
      runOutbound({ HOST: '192.0.2.1', DATABASE_URL: 'memory:' }),
      runOutbound({ HOST: 'no-such-host.invalid', DATABASE_URL: 'memory:' }),
    ]);

    expect(malformed).to.deep.include({ code: 1 });
    expect(malformed.stderr).to.equal(
      'outbound: cannot start: HOST must be an IPv4 address, an IPv6 address or a host name (got "not a host!")\n',
    );
    expect(notHere).to.deep.include({ code: 1 });
    expect(notHere.stderr).to.equal('outbound: cannot start: HOST "192.0.2.1" cannot be listened on (EADDRNOTAVAIL)\n');
    expect(unknown).to.deep.include({ code: 1 });
    expect(unknown.stderr).to.match(
      /^outbound: cannot start: HOST "no-such-host\.invalid" cannot be listened on \((ENOTFOUND|EAI_AGAIN)\)\n$/,
    );
  });

  it('refuses an unknown command with its usage', async function () {
    const { code, stderr } = await runOutbound({}, { args: ['launch'] });

    expect(code).to.equal(2);
    expect(stderr).to.match(/unknown command "launch"\nusage: outbound/);
  });
});
