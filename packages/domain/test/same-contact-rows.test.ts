import { sameContactRows, sameJsonValue, type ContactRow, type JsonValue } from '@outbound/domain';
import { expect } from 'chai';

describe('sameJsonValue', function () {
  const same: [string, JsonValue, JsonValue][] = [
    ['equal strings', 'Zürich 名前', 'Zürich 名前'],
    ['equal numbers', 0.125, 0.125],
    ['null and null', null, null],
    ['objects with their keys in another order', { a: 1, b: { c: [1, 'x'] } }, { b: { c: [1, 'x'] }, a: 1 }],
    ['empty objects and arrays', { lines: [], empty: {} }, { empty: {}, lines: [] }],
    ['nested arrays', [[1, [2, [3]]], { deep: [true, null] }], [[1, [2, [3]]], { deep: [true, null] }]],
  ];
  for (const [what, a, b] of same) {
    it(`counts ${what} as the same`, function () {
      expect(sameJsonValue(a, b)).to.equal(true);
      expect(sameJsonValue(b, a)).to.equal(true);
    });
  }

  const different: [string, JsonValue, JsonValue][] = [
    ['a number and its text', 22, '22'],
    ['true and 1', true, 1],
    ['null and an empty object', null, {}],
    ['an empty array and an empty object', [], {}],
    ['an array and an object keyed by its indexes', ['a', 'b'], { 0: 'a', 1: 'b' }],
    ['arrays in another order', [1, 2], [2, 1]],
    ['arrays of different lengths', [1, 2], [1, 2, 3]],
    ['an object with a key more', { a: 1 }, { a: 1, b: null }],
    ['objects with other keys of the same count', { a: 1 }, { b: 1 }],
    ['a nested value changed', { address: { city: 'Zürich' } }, { address: { city: 'Zurich' } }],
  ];
  for (const [what, a, b] of different) {
    it(`tells ${what} apart`, function () {
      expect(sameJsonValue(a, b)).to.equal(false);
      expect(sameJsonValue(b, a)).to.equal(false);
    });
  }
});

describe('sameContactRows', function () {
  const rows: ContactRow[] = [
    { phoneNumber: '+919876543210', name: 'Asha', otherDetails: { email: 'a@example.com', tags: ['vip'] } },
    { phoneNumber: '+919876543211', name: null, otherDetails: {} },
  ];

  it('counts the same rows, built anew and with their custom fields in another key order, as the same', function () {
    const again = rows.map((row) => ({
      otherDetails: Object.fromEntries(Object.entries(row.otherDetails).reverse()),
      name: row.name,
      phoneNumber: row.phoneNumber,
    }));

    expect(sameContactRows(rows, again)).to.equal(true);
  });

  const variations: [string, (given: ContactRow[]) => ContactRow[]][] = [
    ['in another order', (given) => [...given].reverse()],
    ['with a row fewer', (given) => given.slice(1)],
    ['with another phone number', (given) => [{ ...given[0]!, phoneNumber: '+919876543219' }, given[1]!]],
    ['with a name where there was none', (given) => [given[0]!, { ...given[1]!, name: 'Ravi' }]],
    ['with a custom field more', (given) => [given[0]!, { ...given[1]!, otherDetails: { note: null } }]],
  ];
  for (const [how, vary] of variations) {
    it(`tells rows ${how} apart`, function () {
      expect(sameContactRows(rows, vary(rows))).to.equal(false);
    });
  }
});
