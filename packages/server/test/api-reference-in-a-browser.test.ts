import { expect } from 'chai';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { startOutbound, type OutboundProcess } from '../testing/index.js';

/** Debian's chromium package; `.ci/run` installs it when it is missing. */
const CHROMIUM = '/usr/bin/chromium';
/** Where the screenshot is kept for a person to look at; ignored by git. */
const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/', import.meta.url));

describe('the API reference at /docs, in a real browser', function () {
  this.timeout(90_000);
  let browser: Browser;
  let outbound: OutboundProcess;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env['CI'] === 'true') throw new Error(`${CHROMIUM} is missing; install Debian's chromium package`);
      // Outside CI a machine without Chromium skips, saying so; CI never does.
      this.skip();
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    outbound = await startOutbound({ DATABASE_URL: 'memory:' });
  });
  after(async function () {
    await browser?.close();
    await outbound?.stop();
  });

  it('lists the endpoints, runs "try it out" on the spec example and shows the 200, asking no other host', async function () {
    const page = await browser.newPage();
    const origin = new URL(outbound.url).origin;
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));

    await page.goto(`${outbound.url}/docs`);
    const create = page.locator('#operations-create-createContactAndCampaign');
    await create.waitFor();
    for (const operation of [
      'getContactList',
      'getContactListContacts',
      'listCampaigns',
      'getCampaign',
      'getCampaignContacts',
    ]) {
      // Swagger UI renders the operations one after another: wait for each before counting it.
      const listed = page.locator(`#operations-read-${operation}`);
      await listed.first().waitFor();
      expect(await listed.count(), operation).to.equal(1);
    }
    await create.locator('.opblock-summary').click();
    await create.getByRole('button', { name: 'Try it out' }).click();
    await create.getByRole('button', { name: 'Execute' }).click();
    const status = create.locator('.live-responses-table .response .response-col_status');
    await status.waitFor();

    expect((await status.innerText()).trim()).to.equal('200');
    const answer = await create.locator('.live-responses-table .response-col_description pre').first().innerText();
    expect(JSON.parse(answer)).to.deep.include({ status: 'success', message: 'Contact and campaign created.' });
    const stored = await fetch(`${outbound.url}/campaigns/VoiceGenie_campaign_quick_outreach_001`);
    expect(stored.status).to.equal(200);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}api-reference.png`, fullPage: true });
    expect(requested.length).to.be.greaterThan(3);
    expect(requested.filter((url) => new URL(url).origin !== origin)).to.deep.equal([]);
  });
});
