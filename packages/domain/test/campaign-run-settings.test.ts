import {
  DEFAULT_RETRY_POLICY,
  afterAttempt,
  parseCampaignRunSettings,
  runSettingsFromJson,
  runSettingsJson,
  sameRunSettings,
  statusAfter,
  type ParseRunSettingsResult,
  type RunSettingsJson,
} from '@outbound/domain';
import { expect } from 'chai';

function settingsOf(result: ParseRunSettingsResult) {
  if (!result.valid) throw new Error(`expected valid settings: ${JSON.stringify(result.problems)}`);
  return result.settings;
}

function problemsOf(result: ParseRunSettingsResult) {
  if (result.valid) throw new Error('expected the settings to be refused');
  return result.problems;
}

describe('the settings a campaign is started with', function () {
  it('are all optional, with defaults filled in', function () {
    expect(settingsOf(parseCampaignRunSettings({}))).to.deep.equal({
      startAt: null,
      endAt: null,
      callingHours: null,
      defaultTimeZone: null,
      maxConcurrentCalls: null,
      callsPerMinute: null,
      retry: DEFAULT_RETRY_POLICY,
    });
  });

  it('keep every field given, days and outcomes in their usual order', function () {
    const settings = settingsOf(
      parseCampaignRunSettings({
        startAt: '2026-03-08T09:00:00+05:30',
        endAt: '2026-03-09T00:00:00Z',
        callingHours: { from: '09:00', to: '20:00', days: ['fri', 'mon', 'fri'] },
        defaultTimeZone: 'Europe/London',
        maxConcurrentCalls: 20,
        callsPerMinute: 60,
        retry: { maxAttempts: 2, afterMinutes: 0, on: ['failed', 'busy'] },
      }),
    );
    expect(settings).to.deep.equal({
      startAt: new Date('2026-03-08T03:30:00Z'),
      endAt: new Date('2026-03-09T00:00:00Z'),
      callingHours: { from: '09:00', to: '20:00', days: ['mon', 'fri'] },
      defaultTimeZone: 'Europe/London',
      maxConcurrentCalls: 20,
      callsPerMinute: 60,
      retry: { maxAttempts: 2, afterMinutes: 0, on: ['busy', 'failed'] },
    });
    expect(runSettingsFromJson(JSON.parse(JSON.stringify(runSettingsJson(settings))) as RunSettingsJson)).to.deep.equal(
      settings,
    );
  });

  it('name every field that is wrong', function () {
    const problems = problemsOf(
      parseCampaignRunSettings({
        startAt: '2026-03-08 09:00',
        endAt: 7,
        callingHours: { from: '9am', to: '24:00', days: ['monday'], at: 1 },
        defaultTimeZone: 'Mars/Olympus',
        maxConcurrentCalls: 0,
        callsPerMinute: 1.5,
        retry: { maxAttempts: 11, afterMinutes: -1, on: ['answered'] },
        colour: 'red',
      }),
    );
    expect(problems.map(({ field }) => field)).to.have.members([
      'startAt',
      'endAt',
      'callingHours.from',
      'callingHours.to',
      'callingHours.days[0]',
      'callingHours.at',
      'defaultTimeZone',
      'maxConcurrentCalls',
      'callsPerMinute',
      'retry.maxAttempts',
      'retry.afterMinutes',
      'retry.on[0]',
      'colour',
    ]);
    expect(problems.find(({ field }) => field === 'retry.on[0]')?.message).to.equal(
      'must be one of no-answer, busy, failed, voicemail',
    );
  });

  it('refuse hours that end before they start, and an end before the start', function () {
    expect(problemsOf(parseCampaignRunSettings({ callingHours: { from: '20:00', to: '09:00' } }))).to.deep.equal([
      { field: 'callingHours.to', message: 'must be after from: hours do not run past midnight' },
    ]);
    expect(
      problemsOf(parseCampaignRunSettings({ startAt: '2026-03-09T00:00:00Z', endAt: '2026-03-08T00:00:00Z' })),
    ).to.deep.equal([{ field: 'endAt', message: 'must be after startAt' }]);
    expect(problemsOf(parseCampaignRunSettings([]))).to.deep.equal([
      { field: 'body', message: 'must be a JSON object' },
    ]);
  });

  it('are the same run when they ask for the same, however written', function () {
    const one = settingsOf(parseCampaignRunSettings({ callingHours: { from: '09:00', to: '17:00' } }));
    const same = settingsOf(
      parseCampaignRunSettings({
        callingHours: { from: '09:00', to: '17:00', days: ['sun', 'sat', 'fri', 'thu', 'wed', 'tue', 'mon'] },
        retry: { maxAttempts: 3 },
      }),
    );
    const other = settingsOf(parseCampaignRunSettings({ callingHours: { from: '09:00', to: '18:00' } }));
    expect(sameRunSettings(one, same)).to.equal(true);
    expect(sameRunSettings(one, other)).to.equal(false);
  });
});

describe('a campaign’s status', function () {
  it('moves only as its life allows', function () {
    expect(statusAfter('not-yet-started', 'start')).to.equal('running');
    expect(statusAfter('not-yet-started', 'start', true)).to.equal('scheduled');
    expect(statusAfter('scheduled', 'pause')).to.equal('paused');
    expect(statusAfter('running', 'pause')).to.equal('paused');
    expect(statusAfter('paused', 'resume')).to.equal('running');
    expect(statusAfter('paused', 'resume', true)).to.equal('scheduled');
    expect(statusAfter('paused', 'cancel')).to.equal('cancelled');
    expect(statusAfter('not-yet-started', 'cancel')).to.equal('cancelled');
    for (const [from, action] of [
      ['completed', 'pause'],
      ['cancelled', 'start'],
      ['running', 'start'],
      ['running', 'resume'],
      ['not-yet-started', 'pause'],
      ['completed', 'cancel'],
      ['cancelled', 'cancel'],
    ] as const) {
      expect(statusAfter(from, action), `${action} when ${from}`).to.equal(null);
    }
  });
});

describe('what follows an attempt', function () {
  const endedAt = new Date('2026-06-01T12:00:00Z');

  it('is another attempt after the pause for an outcome the policy retries, while attempts remain', function () {
    expect(afterAttempt('no-answer', 1, DEFAULT_RETRY_POLICY, endedAt)).to.deep.equal({
      retryAt: new Date('2026-06-01T13:00:00Z'),
    });
    expect(afterAttempt('no-answer', 3, DEFAULT_RETRY_POLICY, endedAt)).to.deep.equal({ retryAt: null });
  });

  it('is none for an outcome the policy does not retry', function () {
    for (const outcome of ['answered', 'opted-out', 'voicemail'] as const) {
      expect(afterAttempt(outcome, 1, DEFAULT_RETRY_POLICY, endedAt), outcome).to.deep.equal({ retryAt: null });
    }
  });
});
