import {
  hasCallingWindow,
  isOpenAt,
  isTimeZone,
  localTime,
  openZoneKeys,
  zoneKeyOf,
  type CallingHours,
} from '@outbound/domain';
import { expect } from 'chai';

const nineToEight: CallingHours = {
  from: '09:00',
  to: '20:00',
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
};
const at = (iso: string) => new Date(iso);

describe('calling hours in a contact’s own time zone', function () {
  it('follow New York across the spring change of 2026-03-08, when 09:00 comes an hour earlier in UTC', function () {
    // Saturday: EST, UTC-5. Sunday after 02:00: EDT, UTC-4.
    expect(localTime(at('2026-03-07T14:00:00Z'), 'America/New_York')).to.deep.equal({ day: 'sat', minute: 9 * 60 });
    expect(isOpenAt(nineToEight, 'America/New_York', at('2026-03-08T12:59:00Z'))).to.equal(false);
    expect(isOpenAt(nineToEight, 'America/New_York', at('2026-03-08T13:00:00Z'))).to.equal(true);
    expect(isOpenAt(nineToEight, 'America/New_York', at('2026-03-08T23:59:00Z'))).to.equal(true);
    expect(isOpenAt(nineToEight, 'America/New_York', at('2026-03-09T00:00:00Z'))).to.equal(false);
  });

  it('follow New York across the autumn change of 2026-11-01, when 09:00 comes an hour later in UTC', function () {
    expect(isOpenAt(nineToEight, 'America/New_York', at('2026-10-31T13:00:00Z'))).to.equal(true);
    expect(isOpenAt(nineToEight, 'America/New_York', at('2026-11-01T13:30:00Z'))).to.equal(false);
    expect(isOpenAt(nineToEight, 'America/New_York', at('2026-11-01T14:00:00Z'))).to.equal(true);
    expect(isOpenAt(nineToEight, 'America/New_York', at('2026-11-02T00:59:00Z'))).to.equal(true);
    expect(isOpenAt(nineToEight, 'America/New_York', at('2026-11-02T01:00:00Z'))).to.equal(false);
  });

  it('open at 09:00 in Kolkata, half an hour off the hour in UTC', function () {
    expect(isOpenAt(nineToEight, 'Asia/Kolkata', at('2026-06-01T03:29:00Z'))).to.equal(false);
    expect(isOpenAt(nineToEight, 'Asia/Kolkata', at('2026-06-01T03:30:00Z'))).to.equal(true);
    // The numbering plan's data names the zone by its older name, which means the same.
    expect(isOpenAt(nineToEight, 'Asia/Calcutta', at('2026-06-01T03:30:00Z'))).to.equal(true);
  });

  it('follow Lord Howe Island, whose clocks move half an hour for summer', function () {
    // Winter (June): UTC+10:30, so 09:00 is 22:30 UTC. Summer (January): UTC+11, so 09:00 is 22:00 UTC.
    expect(isOpenAt(nineToEight, 'Australia/Lord_Howe', at('2026-06-01T22:29:00Z'))).to.equal(false);
    expect(isOpenAt(nineToEight, 'Australia/Lord_Howe', at('2026-06-01T22:30:00Z'))).to.equal(true);
    expect(isOpenAt(nineToEight, 'Australia/Lord_Howe', at('2026-01-10T21:59:00Z'))).to.equal(false);
    expect(isOpenAt(nineToEight, 'Australia/Lord_Howe', at('2026-01-10T22:00:00Z'))).to.equal(true);
  });

  it('hold only the days named, in the contact’s zone', function () {
    const weekdays: CallingHours = { ...nineToEight, days: ['mon', 'tue', 'wed', 'thu', 'fri'] };
    // Friday 23:00 UTC is Saturday 08:30 in Kolkata but still Friday 19:00 in New York.
    expect(isOpenAt(weekdays, 'America/New_York', at('2026-06-05T23:00:00Z'))).to.equal(true);
    expect(isOpenAt({ ...weekdays, from: '08:00' }, 'Asia/Kolkata', at('2026-06-05T23:00:00Z'))).to.equal(false);
  });

  it('open a number that may be in several zones only when every one of them is open', function () {
    const eastAndWest = zoneKeyOf(['America/Los_Angeles', 'America/New_York']);
    // 16:00 UTC in June: 12:00 in New York, 09:00 in Los Angeles.
    expect(isOpenAt(nineToEight, eastAndWest, at('2026-06-01T15:59:00Z'))).to.equal(false);
    expect(isOpenAt(nineToEight, eastAndWest, at('2026-06-01T16:00:00Z'))).to.equal(true);
    // 00:00 UTC: 20:00 in New York, closed there though Los Angeles is open.
    expect(isOpenAt(nineToEight, eastAndWest, at('2026-06-02T00:00:00Z'))).to.equal(false);
    expect(openZoneKeys(nineToEight, [eastAndWest, 'America/Los_Angeles'], at('2026-06-02T00:00:00Z'))).to.deep.equal([
      'America/Los_Angeles',
    ]);
  });

  it('tell zones that share no open hour from those that do', function () {
    const guamAndHalifax = zoneKeyOf(['Pacific/Guam', 'America/Halifax']);
    expect(hasCallingWindow(nineToEight, guamAndHalifax, at('2026-06-01T00:00:00Z'))).to.equal(false);
    expect(
      hasCallingWindow(nineToEight, zoneKeyOf(['America/Los_Angeles', 'America/New_York']), at('2026-06-01T00:00:00Z')),
    ).to.equal(true);
    expect(hasCallingWindow({ ...nineToEight, days: ['sun'] }, 'Asia/Kolkata', at('2026-06-01T00:00:00Z'))).to.equal(
      true,
    );
  });

  it('never open a contact of no known zone', function () {
    expect(isOpenAt(nineToEight, '', at('2026-06-01T12:00:00Z'))).to.equal(false);
  });

  it('know IANA zones and nothing else', function () {
    expect(['Europe/London', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires', 'UTC'].map(isTimeZone)).to.deep.equal([
      true,
      true,
      true,
      true,
    ]);
    expect(['Mars/Olympus', '+05:30', '', 'Europe/London ', 'europe/nowhere'].map(isTimeZone)).to.deep.equal([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
