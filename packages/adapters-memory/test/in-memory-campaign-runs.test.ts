import {
  CampaignRunsToken,
  CampaignUploaderToken,
  ContactRepositoryToken,
  type CampaignRuns,
  type CampaignUploader,
  type ContactRepository,
} from '@outbound/domain';
import {
  aCampaignDraft,
  aContactListDraft,
  aFixedClock,
  aReport,
  aRunStart,
  named,
  plansToCall,
  someContactRows,
  someRunSettings,
} from '@outbound/port-contracts';
import { expect } from 'chai';
import { Container } from 'inversify';
import {
  InMemoryCampaignRuns,
  InMemoryCampaignUploader,
  InMemoryContactRepository,
  InMemoryStore,
  memoryAdaptersModule,
} from '../src/index.js';

const T0 = new Date('2026-03-09T10:00:00.000Z');
const CAMPAIGN = named('Brand_campaign_copied');

/** A campaign of two rows over its list in a new store, through the adapters that write campaigns. */
async function aStoreWithCampaign(rows = someContactRows(2)) {
  const store = new InMemoryStore();
  const clock = aFixedClock(T0.toISOString());
  await new InMemoryContactRepository(store, clock).create(aContactListDraft('Brand_contact_copied', rows));
  await new InMemoryCampaignUploader(store, clock).upload(aCampaignDraft(CAMPAIGN.name, 'Brand_contact_copied', rows));
  return { runs: new InMemoryCampaignRuns(store), rows };
}

describe('InMemoryCampaignRuns beyond the port contract', function () {
  it('hands out copies: changing a run, a claimable run, a call, a record or a page of calls changes nothing stored', async function () {
    const { runs, rows } = await aStoreWithCampaign();
    await runs.start(aRunStart(CAMPAIGN, plansToCall(2), T0, someRunSettings({ endAt: new Date('2026-04-01') })));
    const before = await runs.findRun(CAMPAIGN, T0);
    const [claimable] = await runs.findClaimable({ now: T0 });
    const runId = claimable?.runId ?? '';
    const query = { now: T0, max: 1, openZoneKeys: null, leaseExpiresAt: new Date('2026-03-09T10:05:00Z') };
    const [call] = await runs.claim(runId, query);
    const record = await runs.findCall(call?.callId ?? '');
    const recordBefore = structuredClone(record);
    const page = await runs.readCalls(CAMPAIGN, { fromPosition: 0, limit: 2 });
    const pageBefore = structuredClone(page);

    before?.settings?.endAt?.setTime(0);
    (before?.contacts as Record<string, number>).waiting = 99;
    claimable?.settings.endAt?.setTime(0);
    (claimable?.zoneKeys as string[]).push('Europe/London');
    (call?.contact.otherDetails as Record<string, unknown>).email = 'changed';
    call?.leaseExpiresAt.setTime(0);
    record?.handedOutAt.setTime(0);
    (record?.settings.retry.on as string[]).push('answered');
    page?.settings?.endAt?.setTime(0);
    page?.calls[1]?.nextAttemptAt?.setTime(0);
    (page?.calls[1] as { attempts: number }).attempts = 7;

    expect((await runs.findRun(CAMPAIGN, T0))?.settings).to.deep.equal(
      someRunSettings({ endAt: new Date('2026-04-01') }),
    );
    expect((await runs.findClaimable({ now: T0 }))[0]?.zoneKeys).to.deep.equal(['']);
    expect(await runs.findCall(call?.callId ?? '')).to.deep.equal(recordBefore);
    expect(await runs.readCalls(CAMPAIGN, { fromPosition: 0, limit: 2 })).to.deep.equal(pageBefore);
    expect((await runs.claim(runId, query))[0]?.contact).to.deep.equal(rows[1]);
    expect(rows).to.deep.equal(someContactRows(2));
  });

  it('keeps copies of what it is handed: changing a start or a settlement afterwards changes nothing stored', async function () {
    const { runs } = await aStoreWithCampaign();
    const start = aRunStart(CAMPAIGN, plansToCall(2), new Date(T0), someRunSettings({ maxConcurrentCalls: 2 }));
    await runs.start(start);
    const [claimable] = await runs.findClaimable({ now: T0 });
    const [call] = await runs.claim(claimable?.runId ?? '', {
      now: T0,
      max: 1,
      openZoneKeys: null,
      leaseExpiresAt: new Date('2026-03-09T10:05:00Z'),
    });
    const report = aReport('busy', new Date('2026-03-09T10:01:00Z'), new Date('2026-03-09T11:00:00Z'));
    await runs.settle(call?.callId ?? '', report);

    (start.settings as { maxConcurrentCalls: number }).maxConcurrentCalls = 50;
    start.at.setTime(0);
    report.endedAt.setTime(0);
    report.retryAt?.setTime(0);

    expect(await runs.findRun(CAMPAIGN, new Date('2026-03-09T10:59:59Z'))).to.deep.include({
      settings: someRunSettings({ maxConcurrentCalls: 2 }),
      startedAt: T0,
      waitingReached: [{ zoneKey: '', count: 1 }],
    });
    expect((await runs.findCall(call?.callId ?? ''))?.ended?.endedAt).to.deep.equal(new Date('2026-03-09T10:01:00Z'));
  });

  it('rejects a start that plans another number of contacts than the campaign has rows, storing nothing', async function () {
    const { runs } = await aStoreWithCampaign();

    const failure = await runs.start(aRunStart(CAMPAIGN, plansToCall(3), T0)).then(
      () => null,
      (error: unknown) => error,
    );

    expect(failure).to.be.instanceOf(Error);
    expect(await runs.findRun(CAMPAIGN, T0)).to.deep.include({ status: 'not-yet-started', settings: null });
  });

  it('is bound by memoryAdaptersModule over the store the other ports write', async function () {
    const container = new Container();
    container.load(memoryAdaptersModule());
    const rows = someContactRows(2);
    await container
      .get<ContactRepository>(ContactRepositoryToken)
      .create(aContactListDraft('Brand_contact_bound', rows));
    await container
      .get<CampaignUploader>(CampaignUploaderToken)
      .upload(aCampaignDraft('Brand_campaign_bound', 'Brand_contact_bound', rows));
    const runs = container.get<CampaignRuns>(CampaignRunsToken);

    expect(await runs.start(aRunStart(named('Brand_campaign_bound'), plansToCall(2), T0))).to.deep.equal({
      status: 'started',
    });
    expect(container.get<CampaignRuns>(CampaignRunsToken)).to.equal(runs);
    expect(
      (await container.get<CampaignUploader>(CampaignUploaderToken).findSummary(named('Brand_campaign_bound')))?.status,
    ).to.equal('running');
  });
});
