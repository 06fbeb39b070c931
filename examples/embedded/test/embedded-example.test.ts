import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

describe('the embedded example', function () {
  it('creates a contact list and campaign in-process and says so', async function () {
    const example = fileURLToPath(new URL('../src/main.js', import.meta.url));

    const { stdout, stderr } = await promisify(execFile)(process.execPath, [example]);

    expect(stderr).to.equal('');
    expect(stdout).to.equal(
      'campaign Acme_campaign_renewals_2026_12 is ready over Acme_contact_renewals_2026_12: 2 contacts, 1 repeated number skipped\n',
    );
  });

  it('hands a campaign’s calls to the host’s own dialer in-process until it completes', async function () {
    const example = fileURLToPath(new URL('../src/dial-in-process.js', import.meta.url));

    const { stdout, stderr } = await promisify(execFile)(process.execPath, [example]);

    expect(stderr).to.equal('');
    expect(stdout).to.equal('campaign Acme_campaign_renewals_2026_12 is completed: 2 answered in 3 calls\n');
  });
});
