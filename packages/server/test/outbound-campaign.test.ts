import { expect } from 'chai';
import { rmSync } from 'node:fs';
import { aWorkingFolder, runOutbound, startOutbound, type Finished, type OutboundProcess } from '../testing/index.js';
import { post } from './outbound-requests.js';

const CAMPAIGN = 'VoiceGenie_campaign_cli';
const userData = [{ phone_number: '+919876543210', name: 'Asha' }, { phone_number: '+919876543211' }];

describe('outbound campaign', function () {
  let folder: string;

  beforeEach(function () {
    folder = aWorkingFolder();
  });
  afterEach(function () {
    rmSync(folder, { recursive: true, force: true });
  });

  const campaign = (args: readonly string[], env: Record<string, string> = {}): Promise<Finished> =>
    runOutbound(env, { args: ['campaign', ...args], cwd: folder });

  describe('in this process, on the default SQLite file', function () {
    beforeEach(async function () {
      // A server creates the campaign in the same file, then stops: the command opens it after.
      const server = await startOutbound({}, { cwd: folder });
      expect((await post(server.url, { identifierName: 'cli', userData })).status).to.equal(200);
      await server.stop();
    });

    it('starts, shows, pauses, resumes and cancels a campaign, saying what it is each time', async function () {
      const started = await campaign([
        'start',
        CAMPAIGN,
        '--hours',
        '09:00-20:00',
        '--days',
        'mon,tue',
        '--max-concurrent',
        '5',
      ]);
      expect(started).to.deep.include({ code: 0, stderr: '' });
      expect(started.stdout).to.match(/^campaign VoiceGenie_campaign_cli: running\n/);
      expect(started.stdout).to.include('"callingHours":{"from":"09:00","to":"20:00","days":["mon","tue"]}');
      expect(started.stdout).to.include('"maxConcurrentCalls":5');

      const shown = await campaign(['show', CAMPAIGN, '--json']);
      expect(shown.code).to.equal(0);
      expect(JSON.parse(shown.stdout)).to.deep.include({
        message: 'found',
        status: 'running',
        rowCount: 2,
        attempts: 0,
      });

      expect((await campaign(['pause', CAMPAIGN])).stdout).to.match(/^campaign VoiceGenie_campaign_cli: paused\n/);
      expect((await campaign(['resume', CAMPAIGN])).stdout).to.match(/: running\n/);
      expect((await campaign(['cancel', CAMPAIGN])).stdout).to.match(/: cancelled\n/);
      expect(shown.stdout).not.to.include('9876543210');
    });

    it('names each setting that is wrong, refuses what does not apply, and changes nothing', async function () {
      const refused = await campaign(['start', CAMPAIGN, '--max-concurrent', 'many', '--retry-on', 'answered']);
      expect(refused.code).to.equal(1);
      expect(refused.stderr).to.include('  maxConcurrentCalls must be a number\n');
      expect(refused.stderr).to.include('  retry.on[0] must be one of no-answer, busy, failed, voicemail\n');
      expect((await campaign(['show', CAMPAIGN])).stdout).to.match(/: not-yet-started\n/);

      const conflict = await campaign(['pause', CAMPAIGN]);
      expect(conflict).to.deep.include({ code: 1, stdout: '' });
      expect(conflict.stderr).to.equal(
        `outbound campaign: cannot pause campaign ${CAMPAIGN}: it is not-yet-started!\n`,
      );
      expect((await campaign(['show', 'VoiceGenie_campaign_missing'])).code).to.equal(1);
    });
  });

  describe('on a server (--url)', function () {
    const secret = 'crm-secret-0123456789';
    let server: OutboundProcess;

    beforeEach(async function () {
      server = await startOutbound({ API_KEYS: `crm:${secret}` }, { cwd: folder });
      const created = await fetch(`${server.url}/createContactAndCampaign`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'x-api-key': secret },
        body: JSON.stringify({ identifierName: 'cli', userData }),
      });
      expect(created.status).to.equal(200);
    });
    afterEach(async function () {
      await server.stop();
    });

    it('starts and shows the campaign of the key in OUTBOUND_API_KEY, and is refused without it', async function () {
      const started = await campaign(['start', CAMPAIGN, '--url', server.url, '--max-attempts', '2'], {
        OUTBOUND_API_KEY: secret,
      });
      expect(started).to.deep.include({ code: 0 });
      expect(started.stdout).to.include('"retry":{"maxAttempts":2,');

      const again = await campaign(['start', CAMPAIGN, '--url', server.url, '--max-attempts', '3'], {
        OUTBOUND_API_KEY: secret,
      });
      expect(again.code).to.equal(1);
      expect(again.stderr).to.match(/already started with other settings/);
      expect((await campaign(['show', CAMPAIGN, '--url', server.url])).code).to.equal(1);
    });
  });

  it('exits 2 on a usage error, saying what is wrong and how to call it', async function () {
    for (const args of [
      ['stop', CAMPAIGN],
      ['pause'],
      ['pause', CAMPAIGN, '--hours', '09:00-17:00'],
      ['start', CAMPAIGN, '--colour'],
    ]) {
      const refused = await campaign(args);
      expect(refused.code, args.join(' ')).to.equal(2);
      expect(refused.stderr, args.join(' ')).to.match(/^outbound campaign: .+\nusage: outbound campaign /);
    }
    expect((await campaign(['--help'])).stdout).to.match(
      /^usage: outbound campaign start\|pause\|resume\|cancel\|show NAME/,
    );
  });

  it('exits 3 when the server cannot be reached', async function () {
    const unreachable = await campaign(['show', CAMPAIGN, '--url', 'http://127.0.0.1:9']);
    expect(unreachable.code).to.equal(3);
    expect(unreachable.stderr).to.match(/^outbound campaign: cannot reach http:\/\/127.0.0.1:9/);
  });
});
