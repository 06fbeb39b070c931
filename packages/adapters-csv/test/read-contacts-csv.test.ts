import {
  fileProblemText,
  readContactsCsv,
  type ContactsCsv,
  type ReadContactsCsvOptions,
  type UnreadableCsv,
} from '@outbound/adapters-csv';
import { parseCreateContactAndCampaignCommand } from '@outbound/domain';
import { expect } from 'chai';
import { Readable } from 'node:stream';

/** The file's text, read in chunks of `chunkBytes` so that records and characters straddle them. */
function file(text: string | Buffer, chunkBytes = 7): Readable {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkBytes) chunks.push(bytes.subarray(at, at + chunkBytes));
  return Readable.from(chunks);
}

async function contactsOf(text: string | Buffer, options: ReadContactsCsvOptions = {}): Promise<ContactsCsv> {
  const read = await readContactsCsv(file(text), options);
  if (!read.ok) expect.fail(`not read: ${read.problems.map(fileProblemText).join('; ')}`);
  return read.contacts;
}

async function unreadable(text: string | Buffer, options: ReadContactsCsvOptions = {}): Promise<UnreadableCsv> {
  const read = await readContactsCsv(file(text), options);
  if (read.ok) return expect.fail('read, though it should not have been');
  return read;
}

/** The domain's problems with the file's rows, told against the file. */
function problemsOf(contacts: ContactsCsv): string[] {
  const parsed = parseCreateContactAndCampaignCommand({ identifierName: 'x', userData: contacts.userData });
  return parsed.valid ? [] : contacts.inFile(parsed.problems).map(fileProblemText);
}

describe('readContactsCsv', function () {
  it('reads the header, quoted cells with commas, quotes and newlines, and keeps the line each row starts on', async function () {
    const contacts = await contactsOf(
      [
        'phone_number,name,email,note',
        '919876543210,"Doe, John",john@example.com,"says ""hi"""',
        '919876543211,Jane,,"two',
        'lines"',
        '919876543212,"Ann',
        '',
        'Lee",ann@example.com,',
      ].join('\n'),
    );
    expect(contacts.userData).to.deep.equal([
      { phone_number: '919876543210', name: 'Doe, John', email: 'john@example.com', note: 'says "hi"' },
      { phone_number: '919876543211', name: 'Jane', note: 'two\nlines' },
      { phone_number: '919876543212', name: 'Ann\n\nLee', email: 'ann@example.com' },
    ]);
    expect([0, 1, 2].map((index) => contacts.lineOf(index))).to.deep.equal([2, 3, 5]);
    expect(contacts.columns).to.deep.equal({
      phone: 'phone_number',
      phoneChosenBy: 'default',
      name: 'name',
      custom: ['email', 'note'],
    });
  });

  it('reads UTF-8 with a byte order mark and \\r\\n line ends as the same rows', async function () {
    const plain = await contactsOf('phone_number,name,city\n919876543210,José,Zürich\n919876543211,李雷,東京\n');
    const bom = await contactsOf(
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('phone_number,name,city\r\n919876543210,José,Zürich\r\n919876543211,李雷,東京\r\n'),
      ]),
    );
    expect(bom.userData).to.deep.equal(plain.userData);
    expect(bom.columns.phone).to.equal('phone_number');
    expect(Object.keys(bom.userData[0] ?? {})).to.deep.equal(['phone_number', 'name', 'city']);
  });

  it('reads UTF-16 with a byte order mark, little- or big-endian, as the same rows', async function () {
    const text = 'phone_number,name,note\r\n919876543210,"Doe, José",🙂\r\n919876543211,李雷,"two\r\nlines"\r\n';
    const plain = await contactsOf(text);
    const littleEndian = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const bigEndian = Buffer.from(littleEndian).swap16();
    for (const chunkBytes of [1, 7]) {
      for (const bytes of [littleEndian, bigEndian]) {
        const read = await readContactsCsv(file(bytes, chunkBytes));
        if (!read.ok) expect.fail(`not read: ${read.problems.map(fileProblemText).join('; ')}`);
        expect(read.contacts.userData).to.deep.equal(plain.userData);
        expect([read.contacts.lineOf(0), read.contacts.lineOf(1)]).to.deep.equal([2, 3]);
        expect(read.contacts.problemCount).to.equal(0);
      }
    }
  });

  it('counts lines inside quoted cells written with \\r\\n once each', async function () {
    const contacts = await contactsOf('phone_number,note\r\n919876543210,"a\r\nb\r\nc"\r\n12ab,x\r\n');
    expect(contacts.lineOf(1)).to.equal(5);
    expect(problemsOf(contacts)).to.deep.equal([
      'line 5, column phone_number: "12ab" must be a phone number in E.164 form: an optional +, then 8 to 15 digits not starting with 0 (spaces, hyphens, dots and parentheses are ignored)',
    ]);
  });

  it('leaves empty cells out of a row and skips blank lines and rows of empty cells, counting their lines', async function () {
    const contacts = await contactsOf('phone_number,name,email\n\n919876543210,,\n,,\n\n919876543211,Jane,\n');
    expect(contacts.userData).to.deep.equal([
      { phone_number: '919876543210' },
      { phone_number: '919876543211', name: 'Jane' },
    ]);
    expect([contacts.lineOf(0), contacts.lineOf(1)]).to.deep.equal([3, 6]);
    expect(contacts.rowCount).to.equal(2);
  });

  it('tells bad phone numbers, names and empty phone cells by line and column', async function () {
    const rows = Array.from(
      { length: 1_300 },
      (_, index) => `9198765${String(index).padStart(5, '0')},Person ${index}`,
    );
    rows[1_202] = '12ab,Bad Number';
    rows[1_250] = `,No Number`;
    const contacts = await contactsOf(['Mobile,Full Name', ...rows].join('\n'));
    expect(contacts.columns).to.include({ phone: 'Mobile', phoneChosenBy: 'spelling', name: 'Full Name' });
    expect(problemsOf(contacts)).to.deep.equal([
      'line 1,204, column Mobile: "12ab" must be a phone number in E.164 form: an optional +, then 8 to 15 digits not starting with 0 (spaces, hyphens, dots and parentheses are ignored)',
      'line 1,252, column Mobile: is required',
    ]);
  });

  it('finds the rows that repeat an earlier phone number, as the domain counts them', async function () {
    const contacts = await contactsOf(
      'phone,name\n+91 98765 43210,A\n919876543211,B\n919876543210,C\n(91) 98765-43211,D\n919876543212,E\n',
    );
    expect(contacts.repeatedPhoneNumbers(1)).to.deep.equal({ first: [{ line: 4, firstLine: 2 }], count: 2 });
    const parsed = parseCreateContactAndCampaignCommand({ identifierName: 'x', userData: contacts.userData });
    expect(parsed.valid && parsed.command.duplicatesSkipped).to.equal(2);
  });

  it('gives national numbers the default country code, quoting a refused one as the file wrote it', async function () {
    const contacts = await contactsOf('phone_number\n98765 43210\n09876543211\n+44 20 7946 0958\n919876543212\n123\n', {
      defaultCountryCode: '91',
    });
    expect(contacts.userData.map((row) => row.phone_number)).to.deep.equal([
      '+919876543210',
      '+919876543211',
      '+44 20 7946 0958',
      '919876543212',
      '+91123',
    ]);
    expect(problemsOf(contacts)).to.have.length(1);
    expect(problemsOf(contacts)[0]).to.match(/^line 6, column phone_number: "123" must be a phone number/);
  });

  it('keeps a quote inside a cell that is not quoted, as a spreadsheet would', async function () {
    const contacts = await contactsOf('phone_number,height\n919876543210,5\'11"\n');
    expect(contacts.userData).to.deep.equal([{ phone_number: '919876543210', height: '5\'11"' }]);
  });

  it('quotes a header it cannot use briefly, however long and many its columns', async function () {
    const header = Array.from({ length: 30 }, (_, index) => `${'x'.repeat(500)}${index}`).join(',');
    const read = await unreadable(`${header}\n1,2\n`);
    const [problem] = read.problems.map(fileProblemText);
    expect(problem).to.match(/^line 1: no column of phone numbers: the header \("x{100}…\(\+401 more\)", /);
    expect(problem).to.include(' and 10 more) has no phone_number');
    expect(problem?.length).to.be.below(3_000);
  });

  it('reads another delimiter', async function () {
    const contacts = await contactsOf('phone_number;name;city\n919876543210;"Doe; John";Pune\n', { delimiter: ';' });
    expect(contacts.userData).to.deep.equal([{ phone_number: '919876543210', name: 'Doe; John', city: 'Pune' }]);
  });

  it('takes the columns it is told, and the rest as custom fields', async function () {
    const contacts = await contactsOf('cell,who,phone_number_2\n919876543210,Jo,919876543219\n', {
      phoneColumn: 'cell',
      nameColumn: 'who',
    });
    expect(contacts.userData).to.deep.equal([
      { phone_number: '919876543210', name: 'Jo', phone_number_2: '919876543219' },
    ]);
    expect(contacts.columns.phoneChosenBy).to.equal('option');
  });

  it('refuses a header without a phone column, naming the columns it has', async function () {
    const read = await unreadable('name,email\nJo,jo@example.com\n');
    expect(read.byOption).to.equal(false);
    expect(read.problems.map(fileProblemText)).to.deep.equal([
      'line 1: no column of phone numbers: the header ("name", "email") has no phone_number, phone, Phone Number, mobile or the like; name it with --phone-column',
    ]);
  });

  it('refuses UTF-16 without a byte order mark, or UTF-32, as not UTF-8, quoting none of it', async function () {
    const text = 'phone_number,name\n919876543210,Jo\n';
    const littleEndian = Buffer.from(text, 'utf16le');
    const utf32 = Buffer.alloc(4 * (text.length + 1));
    [...('\uFEFF' + text)].forEach((character, index) => utf32.writeUInt32LE(character.codePointAt(0) ?? 0, 4 * index));
    for (const bytes of [littleEndian, Buffer.from(littleEndian).swap16(), utf32]) {
      for (const options of [{}, { phoneColumn: 'phone_number' }]) {
        const read = await unreadable(bytes, options);
        expect(read).to.deep.equal({
          ok: false,
          problems: [
            {
              line: null,
              column: null,
              message:
                'is not UTF-8 text: its header holds NUL characters, as UTF-16 saved without a byte order mark does; save the file as CSV in UTF-8',
            },
          ],
          byOption: false,
        });
      }
    }
  });

  it('refuses a --phone-column the header lacks, as a mistake in the options', async function () {
    const read = await unreadable('phone_number,name\n919876543210,Jo\n', { phoneColumn: 'Telephone' });
    expect(read.byOption).to.equal(true);
    expect(read.problems.map(fileProblemText)).to.deep.equal([
      'line 1: --phone-column "Telephone" is not a column of the header ("phone_number", "name")',
    ]);
  });

  it('refuses two columns that may both hold phone numbers, and a column named twice', async function () {
    expect((await unreadable('phone,mobile\n1,2\n')).problems[0]?.message).to.match(
      /several columns may hold phone numbers/,
    );
    expect((await unreadable('phone_number,email,email\n1,2,3\n')).problems[0]?.message).to.equal(
      'column "email" appears 2 times (columns 2, 3)',
    );
  });

  it('refuses columns that would clash with where phone numbers and names are kept', async function () {
    const clash = await unreadable('Mobile,name,Full Name\n919876543210,a,b\n', { nameColumn: 'Full Name' });
    expect(clash.problems.map(fileProblemText)).to.deep.equal([
      'line 1: column "name" would clash with the names from column "Full Name"; rename it, or choose it with --name-column',
    ]);
    const phone = await unreadable('Mobile,phone_number\n919876543210,x\n', { phoneColumn: 'Mobile' });
    expect(phone.problems[0]?.message).to.equal(
      'column "phone_number" would clash with the phone numbers from column "Mobile"; rename it, or choose it with --phone-column',
    );
    const both = await unreadable('phone_number\n919876543210\n', { nameColumn: 'phone_number' });
    expect(both).to.deep.include({ byOption: true });
    expect(both.problems[0]?.message).to.equal('column "phone_number" cannot hold both phone numbers and names');
  });

  it("checks the header's names once by the domain's rules for custom fields", async function () {
    const read = await unreadable(`phone_number,__proto__,${'k'.repeat(129)}\n919876543210,x,y\n`);
    expect(read.problems.map(fileProblemText)).to.deep.equal([
      'line 1, column __proto__: is a reserved key and cannot be a custom field',
      `line 1, column ${'k'.repeat(100)}…(+29 more): is a custom field name longer than 128 characters`,
    ]);
  });

  it('refuses an empty file and a quote never closed, by line, and keeps a stray quote', async function () {
    expect((await unreadable('')).problems.map(fileProblemText)).to.deep.equal([
      'the file: is empty: its first line must be a header naming the columns',
    ]);
    expect(
      (await unreadable('phone_number,name\n919876543210,"Jo\n919876543211,Al\n')).problems.map(fileProblemText),
    ).to.deep.equal([
      'line 2: a quoted cell is never closed: a " opens it and none ends it before the end of the file',
    ]);
    // Text after a quoted cell's closing quote is kept as written rather than refused.
    expect((await contactsOf('phone_number,name\n919876543210,"Jo"x\n')).userData[0]?.name).to.equal('"Jo"x');
  });

  it('tells cells past the header, cells under a column without a name, and text that is not UTF-8', async function () {
    const contacts = await contactsOf(
      Buffer.concat([
        Buffer.from('phone_number,name,\n919876543210,Jo,\n919876543211,Al,x\n919876543212,Ed,,y\n919876543213,'),
        Buffer.from([0x4a, 0xe9, 0x72]),
        Buffer.from('\n'),
      ]),
    );
    expect(contacts.problems.map(fileProblemText)).to.deep.equal([
      'line 3: has a value in column 3, which the header leaves without a name',
      'line 4: has 4 cells, but the header names 3 columns',
      'line 5, column name: is not UTF-8 text; save the file as CSV in UTF-8',
    ]);
    expect(contacts.problemCount).to.equal(3);
  });

  it('counts rows past the most it keeps, keeping none of them', async function () {
    const contacts = await contactsOf('phone_number\n919876543210\n919876543211\n919876543212\n', {
      limits: { maxRows: 2 },
    });
    expect(contacts.rowCount).to.equal(3);
    expect(contacts.userData).to.have.length(2);
  });

  it('stops reading at the first row past the most it keeps, duplicates and all counted, blank lines not', async function () {
    const tailRows = 100_000;
    let tailRowsPulled = 0;
    // A file of rows past the limit, and then a tail that is refused if read to its end.
    const lines = async function* () {
      yield* ['phone_number\n', '919876543210\n', '\n', '919876543211\n', '919876543210\n', '919876543212\n'];
      for (; tailRowsPulled < tailRows; tailRowsPulled += 1)
        yield `9198765${String(tailRowsPulled).padStart(5, '0')}\n`;
      throw new Error('read to the end of the file');
    };
    const seen: number[] = [];

    const read = await readContactsCsv(lines(), {
      limits: { maxRows: 3 },
      onProgress: ({ bytesRead }) => seen.push(bytesRead),
    });

    if (!read.ok) return expect.fail(`not read: ${read.problems.map(fileProblemText).join('; ')}`);
    expect(read.contacts).to.include({ rowCount: 4, stoppedAtLine: 6 });
    expect(read.contacts.userData.map((row) => row.phone_number)).to.deep.equal([
      '919876543210',
      '919876543211',
      '919876543210',
    ]);
    expect(tailRowsPulled).to.be.below(tailRows);
    expect(seen.at(-1)).to.be.below(Buffer.byteLength('919876543210\n') * tailRows);
  });

  it('reads a file of the most rows it keeps to its end', async function () {
    const contacts = await contactsOf('phone_number\n919876543210\n\n919876543211\n919876543210\n\n\n', {
      limits: { maxRows: 3 },
    });
    expect(contacts).to.include({ rowCount: 3, stoppedAtLine: null });
    expect(contacts.userData).to.have.length(3);
  });

  it('says how far it has read, in bytes and rows', async function () {
    const text = 'phone_number\n919876543210\n919876543211\n';
    const seen: { bytesRead: number; rowsRead: number }[] = [];
    await readContactsCsv(file(text, 13), { onProgress: (progress) => seen.push(progress) });
    expect(seen.at(-1)?.bytesRead).to.equal(Buffer.byteLength(text));
    expect(seen.map(({ bytesRead }) => bytesRead)).to.deep.equal([13, 26, 39]);
  });
});
