import { parseCreateContactAndCampaignCommand, type ParseCommandResult } from '@outbound/domain';
import { expect } from 'chai';

const limits = { maxRows: 5, maxProblemsListed: 3 };

function problemsOf(result: ParseCommandResult) {
  if (result.valid) throw new Error('expected the request to be refused');
  return result.problems;
}

function commandOf(result: ParseCommandResult) {
  if (!result.valid) throw new Error(`expected a valid request: ${JSON.stringify(result.problems)}`);
  return result.command;
}

const aRow = (overrides: Record<string, unknown> = {}) => ({ phone_number: '919876543210', ...overrides });
const aRequest = (overrides: Record<string, unknown> = {}) => ({
  identifierName: 'quick_outreach_001',
  userData: [aRow()],
  ...overrides,
});

describe('parseCreateContactAndCampaignCommand', function () {
  it('keeps every field besides phone_number and name, values as sent, in otherDetails', function () {
    const custom = {
      email: 'a@example.com',
      age: 41,
      vip: false,
      none: null,
      tags: ['x', 2],
      nested: { a: { b: [1, { c: 'ü' }] } },
    };

    const command = commandOf(
      parseCreateContactAndCampaignCommand(
        aRequest({ userData: [{ phone_number: '+91 98765-43210', name: 'John', ...custom }] }),
      ),
    );

    expect(command).to.deep.equal({
      identifierName: 'quick_outreach_001',
      rows: [{ phoneNumber: '+919876543210', name: 'John', otherDetails: custom }],
      duplicatesSkipped: 0,
    });
  });

  it('stores a row without a name, or with a null one, as having no name', function () {
    const command = commandOf(
      parseCreateContactAndCampaignCommand(
        aRequest({ userData: [aRow(), aRow({ phone_number: '919876543211', name: null })] }),
      ),
    );

    expect(command.rows.map((row) => row.name)).to.deep.equal([null, null]);
  });

  it('accepts identifier names of 1 and 64 characters from the allowed set', function () {
    for (const identifierName of ['a', 'A-z_0.9', 'x'.repeat(64)]) {
      expect(parseCreateContactAndCampaignCommand(aRequest({ identifierName })).valid, identifierName).to.equal(true);
    }
  });

  const refusals: [string, unknown, { field: string; message: RegExp }][] = [
    ['a body that is not an object', ['x'], { field: 'body', message: /JSON object/ }],
    ['a missing identifierName', { userData: [aRow()] }, { field: 'identifierName', message: /is required/ }],
    [
      'an identifierName that is a number',
      aRequest({ identifierName: 7 }),
      { field: 'identifierName', message: /string/ },
    ],
    ['an empty identifierName', aRequest({ identifierName: '' }), { field: 'identifierName', message: /1 to 64/ }],
    [
      'an identifierName of 65 characters',
      aRequest({ identifierName: 'x'.repeat(65) }),
      { field: 'identifierName', message: /1 to 64/ },
    ],
    [
      'an identifierName with a space',
      aRequest({ identifierName: 'a b' }),
      { field: 'identifierName', message: /A-Z/ },
    ],
    [
      'an identifierName with a slash',
      aRequest({ identifierName: 'a/b' }),
      { field: 'identifierName', message: /A-Z/ },
    ],
    ['a missing userData', { identifierName: 'x' }, { field: 'userData', message: /is required/ }],
    ['a userData that is an object', aRequest({ userData: {} }), { field: 'userData', message: /array/ }],
    ['an empty userData', aRequest({ userData: [] }), { field: 'userData', message: /at least one/ }],
    [
      'more rows than allowed',
      aRequest({ userData: Array.from({ length: 6 }, () => aRow()) }),
      { field: 'userData', message: /at most 5 rows/ },
    ],
    [
      'an unknown top-level key',
      aRequest({ campaignName: 'x' }),
      { field: 'campaignName', message: /not a known field/ },
    ],
    [
      'a row that is not an object',
      aRequest({ userData: ['919876543210'] }),
      { field: 'userData[0]', message: /JSON object/ },
    ],
    [
      'a row without phone_number',
      aRequest({ userData: [{ name: 'x' }] }),
      { field: 'userData[0].phone_number', message: /is required/ },
    ],
    [
      'a phone number sent as a JSON number',
      aRequest({ userData: [aRow({ phone_number: 919876543210 })] }),
      { field: 'userData[0].phone_number', message: /string/ },
    ],
    [
      'a phone number that is too short',
      aRequest({ userData: [aRow({ phone_number: '1234567' })] }),
      { field: 'userData[0].phone_number', message: /8 to 15 digits/ },
    ],
    [
      'a name that is not a string',
      aRequest({ userData: [aRow({ name: 5 })] }),
      { field: 'userData[0].name', message: /string/ },
    ],
    [
      'a name of 257 characters',
      aRequest({ userData: [aRow({ name: 'n'.repeat(257) })] }),
      { field: 'userData[0].name', message: /at most 256/ },
    ],
    [
      'a custom field key __proto__',
      aRequest({ userData: [JSON.parse('{"phone_number":"919876543210","__proto__":{"x":1}}')] }),
      { field: 'userData[0].__proto__', message: /reserved/ },
    ],
    [
      'a custom field key constructor',
      aRequest({ userData: [aRow({ constructor: 'x' })] }),
      { field: 'userData[0].constructor', message: /reserved/ },
    ],
    [
      'a custom field key prototype',
      aRequest({ userData: [aRow({ prototype: 'x' })] }),
      { field: 'userData[0].prototype', message: /reserved/ },
    ],
    [
      'a __proto__ key nested in a custom field',
      aRequest({ userData: [aRow({ meta: JSON.parse('{"__proto__":1}') })] }),
      { field: 'userData[0].meta', message: /__proto__/ },
    ],
    [
      'a custom field that is not JSON',
      aRequest({ userData: [aRow({ when: new Date(0) })] }),
      { field: 'userData[0].when', message: /plain JSON object/ },
    ],
    [
      'a custom field that is not finite',
      aRequest({ userData: [aRow({ score: Number.NaN })] }),
      { field: 'userData[0].score', message: /finite/ },
    ],
    [
      'a custom field nested 40 levels deep',
      aRequest({ userData: [aRow({ deep: JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`) })] }),
      { field: 'userData[0].deep', message: /deeper than 32/ },
    ],
    [
      'a custom field whose key is no identifier',
      aRequest({ userData: [aRow({ 'first name': undefined })] }),
      { field: 'userData[0]["first name"]', message: /JSON value/ },
    ],
  ];
  for (const [what, request, expected] of refusals) {
    it(`refuses ${what}, naming ${expected.field}`, function () {
      const problems = problemsOf(parseCreateContactAndCampaignCommand(request, limits));

      expect(problems.map((problem) => problem.field)).to.include(expected.field);
      expect(problems.find((problem) => problem.field === expected.field)?.message).to.match(expected.message);
    });
  }

  it('reports every problem of a request, across fields and rows', function () {
    const result = parseCreateContactAndCampaignCommand(
      { identifierName: 'bad name', userData: [aRow({ phone_number: 'x' }), aRow(), aRow({ name: 3 })] },
      { maxRows: 5, maxProblemsListed: 10 },
    );

    expect(problemsOf(result).map((problem) => problem.field)).to.have.members([
      'identifierName',
      'userData[0].phone_number',
      'userData[2].name',
    ]);
  });

  it('lists problems up to the cap and counts them all', function () {
    const result = parseCreateContactAndCampaignCommand(
      aRequest({ userData: Array.from({ length: 5 }, () => aRow({ phone_number: 1 })) }),
      limits,
    );

    expect(result).to.include({ valid: false, problemCount: 5 });
    expect(problemsOf(result)).to.have.length(3);
  });

  it('skips rows whose number repeats an earlier one, first wins, order kept, and counts them', function () {
    const command = commandOf(
      parseCreateContactAndCampaignCommand(
        aRequest({
          userData: [
            { phone_number: '919876543210', name: 'first' },
            { phone_number: '919876543211', name: 'second' },
            { phone_number: '+91 98765 43210', name: 'repeat of first' },
            { phone_number: '919876543212', name: 'third' },
            { phone_number: '(91) 98765-43211', name: 'repeat of second' },
          ],
        }),
        limits,
      ),
    );

    expect(command.rows.map((row) => [row.phoneNumber, row.name])).to.deep.equal([
      ['+919876543210', 'first'],
      ['+919876543211', 'second'],
      ['+919876543212', 'third'],
    ]);
    expect(command.duplicatesSkipped).to.equal(2);
  });

  describe('limits on one row, alike for every storage', function () {
    const rowLimits = { maxRowBytes: 200, maxCustomFields: 3, maxFieldKeyLength: 8 };
    const parse = (row: Record<string, unknown>) =>
      parseCreateContactAndCampaignCommand(
        aRequest({ userData: [aRow(), aRow({ phone_number: '14155550100', ...row })] }),
        rowLimits,
      );

    it('accepts a row at each limit', function () {
      // 3 fields, keys of 8 characters, 200 bytes of UTF-8 JSON: {"a":"…","b":1,"ü":null} counts ü as 2 bytes.
      const filler = 'x'.repeat(200 - JSON.stringify({ a: '', b: 1, ü: null }).length - 1);
      const command = commandOf(parse({ a: filler, b: 1, ü: null, name: 'n' }));

      expect(command.rows[1]?.otherDetails).to.deep.equal({ a: filler, b: 1, ü: null });
      expect(commandOf(parse({ abcdefgh: 1 })).rows).to.have.length(2);
    });

    it('refuses a row whose custom fields take more bytes than allowed, naming the row', function () {
      const filler = 'x'.repeat(200 - JSON.stringify({ a: '', b: 1, ü: null }).length);

      expect(problemsOf(parse({ a: filler, b: 1, ü: null }))).to.deep.equal([
        { field: 'userData[1]', message: 'custom fields must take at most 200 bytes as JSON (take 201)' },
      ]);
    });

    it('counts bytes as UTF-8, so 100 emoji take 400', function () {
      expect(problemsOf(parse({ e: '🙂'.repeat(100) }))[0]?.message).to.equal(
        'custom fields must take at most 200 bytes as JSON (take 408)',
      );
    });

    it('refuses more custom fields than allowed, once for the row however many there are', function () {
      const many = Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`k${index}`, index]));

      expect(problemsOf(parse(many))).to.deep.equal([
        { field: 'userData[1]', message: 'must have at most 3 custom fields (has 100000)' },
      ]);
    });

    it('refuses a custom field name longer than allowed, counting code points', function () {
      expect(commandOf(parse({ '🙂🙂🙂🙂🙂🙂🙂🙂': 1 })).rows).to.have.length(2);
      expect(problemsOf(parse({ abcdefghi: 1 }))).to.deep.equal([
        { field: 'userData[1].abcdefghi', message: 'is a custom field name longer than 8 characters' },
      ]);
    });

    it('defaults to 64 KiB, 100 fields and names of 128 characters', function () {
      const atDefaults = parseCreateContactAndCampaignCommand(
        aRequest({
          userData: [aRow({ big: 'x'.repeat(70_000) }), aRow({ phone_number: '14155550101', ['k'.repeat(129)]: 1 })],
        }),
      );

      expect(problemsOf(atDefaults).map((problem) => problem.message)).to.deep.equal([
        'custom fields must take at most 65536 bytes as JSON (take 70010)',
        'is a custom field name longer than 128 characters',
      ]);
    });
  });

  describe('text', function () {
    it('refuses text that is not well-formed Unicode wherever it is, with its path', function () {
      const result = parseCreateContactAndCampaignCommand(
        aRequest({ userData: [aRow({ name: 'x\udfff', note: { deep: ['\ud83d'] } })] }),
      );

      expect(problemsOf(result)).to.deep.equal([
        {
          field: 'userData[0].note',
          message: 'must be well-formed Unicode text (it holds half of a surrogate pair on its own)',
        },
        {
          field: 'userData[0].name',
          message: 'must be well-formed Unicode text (it holds half of a surrogate pair on its own)',
        },
      ]);
    });

    it('accepts a name of 256 characters outside the BMP and refuses 257', function () {
      expect(
        commandOf(parseCreateContactAndCampaignCommand(aRequest({ userData: [aRow({ name: '𝄞'.repeat(256) })] })))
          .rows[0]?.name,
      ).to.have.length(512);
      expect(
        problemsOf(parseCreateContactAndCampaignCommand(aRequest({ userData: [aRow({ name: '𝄞'.repeat(257) })] }))),
      ).to.deep.equal([{ field: 'userData[0].name', message: 'must be at most 256 characters' }]);
    });
  });
});
