import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runOutbound, startOutbound, type OutboundProcess } from '../testing/index.js';

const run = promisify(execFile);
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

  it('refuses an unknown command with its usage', async function () {
    const { code, stderr } = await runOutbound({}, { args: ['launch'] });

    expect(code).to.equal(2);
    expect(stderr).to.match(/unknown command "launch"\nusage: outbound/);
  });
});
