import { canonicalPhoneNumber, withDefaultCountryCode } from '@outbound/domain';
import { expect } from 'chai';

describe('canonicalPhoneNumber', function () {
  const same: [string, string][] = [
    ['919876543210', '+919876543210'],
    ['+919876543210', '+919876543210'],
    ['+91 98765-43210', '+919876543210'],
    ['(91) 98765.43210', '+919876543210'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['12345678', '+12345678'],
    ['123456789012345', '+123456789012345'],
  ];
  for (const [written, canonical] of same) {
    it(`reads ${JSON.stringify(written)} as ${canonical}`, function () {
      expect(canonicalPhoneNumber(written)).to.equal(canonical);
    });
  }

  const notNumbers = [
    '',
    '1234567',
    '1234567890123456',
    '0919876543210',
    '+0919876543210',
    '++919876543210',
    '91+9876543210',
    '91987654321a',
    '9198765/43210',
    '+91_9876543210',
    '９１９８７６５４３２１０',
    '919876543210\n',
  ];
  for (const written of notNumbers) {
    it(`refuses ${JSON.stringify(written)}`, function () {
      expect(canonicalPhoneNumber(written)).to.equal(null);
    });
  }
});

describe('withDefaultCountryCode', function () {
  const cases: [string, string][] = [
    ['9876543210', '+919876543210'],
    ['98765 43210', '+919876543210'],
    ['(98765) 432-10', '+919876543210'],
    ['09876543210', '+919876543210'],
    ['0 98765 43210', '+919876543210'],
    ['12345', '+9112345'],
    ['919876543210', '919876543210'],
    ['+44 20 7946 0958', '+44 20 7946 0958'],
    ['+9876543210', '+9876543210'],
    ['12ab', '12ab'],
    ['', ''],
    ['00919876543210', '00919876543210'],
  ];
  for (const [written, given] of cases) {
    it(`gives ${JSON.stringify(written)} as ${JSON.stringify(given)} with country code 91`, function () {
      expect(withDefaultCountryCode(written, '91')).to.equal(given);
    });
  }
});
