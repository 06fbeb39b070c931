import { describeOnEachDatabase, emptyTables } from '@outbound/adapters-sql/testing';
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aWorkingFolder, runOutbound, startOutbound, type Finished, type OutboundProcess } from '../testing/index.js';
import { get } from './outbound-requests.js';

const outboundEntry = fileURLToPath(new URL('../src/outbound.js', import.meta.url));
const repository = fileURLToPath(new URL('../../../../', import.meta.url));

/** Quoted cells with commas, quotes and a line break, a blank line, empty cells, a repeated number. */
const CONTACTS_CSV = [
  'phone_number,name,email,company',
  '919876543210,"Doe, John",john@example.com,"Acme ""Corp"""',
  '919876543211,Jane Smith,,"Tech',
  'Inc"',
  '',
  '+91 98765 43210,Johnny,johnny@example.com,',
  '919876543212,,,',
].join('\r\n');

/** The rows CONTACTS_CSV stores, as reading them back gives them. */
const CONTACTS_STORED = [
  { phone_number: '+919876543210', name: 'Doe, John', email: 'john@example.com', company: 'Acme "Corp"' },
  { phone_number: '+919876543211', name: 'Jane Smith', company: 'Tech\r\nInc' },
  { phone_number: '+919876543212', name: null },
];

/** `count` distinct rows of a phone number, a name and a city, as CSV. */
function csvOfRows(count: number, { header = 'phone_number,name,city', seed = 1 } = {}): string {
  const rows = Array.from(
    { length: count },
    (_, index) => `+1 ${2_000_000_000 + seed * 1_000_000 + index},Person ${index},City ${index % 13}`,
  );
  return [header, ...rows].join('\n') + '\n';
}

interface Folder {
  readonly path: string;
  /** Writes `text` into the folder under `name`, and gives its name back. */
  file(name: string, text: string | Buffer): string;
  remove(): void;
}

function aFolder(): Folder {
  const path = aWorkingFolder();
  return {
    path,
    file: (name, text) => {
      writeFileSync(join(path, name), text);
      return name;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** Runs `outbound import …` in `folder`, with only `env` (and PATH) in its environment. */
function importing(
  folder: Folder,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<Finished> {
  return runOutbound(env, { args: ['import', ...args], cwd: folder.path });
}

/** Every row of a list (or, given `/campaigns/…`, of a campaign), through the read endpoint, a page at a time. */
async function rowsOf(url: string, name: string, headers: Record<string, string> = {}): Promise<unknown[]> {
  const path = name.startsWith('/') ? name : `/contactLists/${name}`;
  const rows: unknown[] = [];
  let cursor: string | null = null;
  do {
    const response = await fetch(`${url}${path}/contacts?limit=1000${cursor === null ? '' : `&cursor=${cursor}`}`, {
      headers,
    });
    expect(response.status).to.equal(200);
    const { data } = (await response.json()) as { data: { contacts: unknown[]; nextCursor: string | null } };
    rows.push(...data.contacts);
    cursor = data.nextCursor;
  } while (cursor !== null);
  return rows;
}

describe('outbound import', function () {
  this.timeout(60_000);
  let folder: Folder;

  beforeEach(function () {
    folder = aFolder();
  });
  afterEach(function () {
    folder.remove();
  });

  describe('in this process, on the default SQLite file', function () {
    it('stores the rows of a CSV file and reports what it did; the same file again is a replay', async function () {
      const file = folder.file('contacts.csv', CONTACTS_CSV);

      const first = await importing(folder, [file, '--id', 'quick_outreach_001']);

      expect(first.code, first.stderr).to.equal(0);
      expect(first.stdout).to.equal(
        [
          'read 4 rows from contacts.csv: phone numbers from column "phone_number"; names from column "name"; custom fields "email", "company"',
          'stored 3 rows as contact list VoiceGenie_contact_quick_outreach_001 and campaign VoiceGenie_campaign_quick_outreach_001',
          "skipped 1 row repeating an earlier row's phone number: line 6 (as line 2)",
          first.stdout.split('\n').at(-2),
          '',
        ].join('\n'),
      );
      expect(first.stdout).to.match(/\ntook \d+\.\d\d s\n$/);

      const again = await importing(folder, [file, '--id', 'quick_outreach_001']);
      expect(again.code, again.stderr).to.equal(0);
      expect(again.stdout).to.include(
        'already stored: contact list VoiceGenie_contact_quick_outreach_001 and campaign VoiceGenie_campaign_quick_outreach_001 hold these same 3 rows from an earlier import; nothing was written (a replay)',
      );

      const server = await startOutbound({}, { cwd: folder.path });
      try {
        expect(await rowsOf(server.url, 'VoiceGenie_contact_quick_outreach_001')).to.deep.equal(CONTACTS_STORED);
        expect(await rowsOf(server.url, '/campaigns/VoiceGenie_campaign_quick_outreach_001')).to.deep.equal(
          CONTACTS_STORED,
        );
        const campaign = await get(server.url, '/campaigns/VoiceGenie_campaign_quick_outreach_001');
        expect(campaign.body.data).to.include({
          rowCount: 3,
          contactListName: 'VoiceGenie_contact_quick_outreach_001',
        });
      } finally {
        await server.stop();
      }
    });

    it("imports the README's sample file as the README shows", async function () {
      mkdirSync(join(folder.path, 'docs'));
      copyFileSync(join(repository, 'docs/sample-contacts.csv'), join(folder.path, 'docs/sample-contacts.csv'));
      const readme = readFileSync(join(repository, 'README.md'), 'utf8');

      const run = await importing(folder, ['docs/sample-contacts.csv', '--id', 'quick_outreach_001']);

      expect(run.code, run.stderr).to.equal(0);
      const report = run.stdout.trimEnd().split('\n');
      expect(report).to.have.length(4);
      for (const line of report.slice(0, -1)) expect(readme).to.include(`\n${line}\n`);
    });

    it('reads UTF-8 with a byte order mark, another delimiter, chosen columns and national numbers', async function () {
      const text = '\uFEFFMobile;Full Name;Stadt\r\n98765 43210;José Müller;Zürich\r\n09876543211;李雷;東京\r\n';
      const file = folder.file('kontakte.csv', text);

      const run = await importing(folder, [
        file,
        '--id',
        'national',
        '--delimiter',
        ';',
        '--phone-column',
        'Mobile',
        '--name-column',
        'Full Name',
        '--default-country-code',
        '91',
      ]);

      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.include(
        'read 2 rows from kontakte.csv: phone numbers from column "Mobile"; names from column "Full Name"; custom fields "Stadt"',
      );
      const server = await startOutbound({}, { cwd: folder.path });
      try {
        expect(await rowsOf(server.url, 'VoiceGenie_contact_national')).to.deep.equal([
          { phone_number: '+919876543210', name: 'José Müller', Stadt: 'Zürich' },
          { phone_number: '+919876543211', name: '李雷', Stadt: '東京' },
        ]);
      } finally {
        await server.stop();
      }
    });

    it('reads UTF-16BE with a byte order mark as the same rows as UTF-8', async function () {
      const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(CONTACTS_CSV, 'utf16le').swap16()]);
      const file = folder.file('contacts.csv', bytes);

      const run = await importing(folder, [file, '--id', 'big_endian', '--dry-run']);

      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.include(
        'read 4 rows from contacts.csv: phone numbers from column "phone_number"; names from column "name"; custom fields "email", "company"',
      );
      expect(run.stdout).to.include("skipped 1 row repeating an earlier row's phone number: line 6 (as line 2)");
    });

    it('says which column it took for phone numbers when the header spells it otherwise', async function () {
      const file = folder.file('phones.csv', 'Phone Number,name\n919876543210,Jo\n');
      const run = await importing(folder, [file, '--id', 'spelled']);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.include(
        'phone numbers from column "Phone Number" (recognised by its name; choose another with --phone-column)',
      );
    });

    it('tells every bad row by its line in the file, counting lines inside quoted cells, and writes nothing', async function () {
      const lines = csvOfRows(1_300).trimEnd().split('\n');
      lines[3] = '+1 2001000002,"Person with';
      lines.splice(4, 0, 'two lines",City 2');
      // The header is line 1, and the quoted cell takes two lines: row 1,202 starts on line 1,204.
      lines[1_203] = '12ab,Bad Number,City';
      lines[1_251] = ',No Number,City';
      const file = folder.file('bad.csv', lines.join('\n'));

      const run = await importing(folder, [file, '--id', 'bad_rows']);

      expect(run.code).to.equal(1);
      expect(run.stderr).to.include(
        [
          'bad.csv has 2 problems; nothing was written',
          '  line 1,204, column phone_number: "12ab" must be a phone number in E.164 form: an optional +, then 8 to 15 digits not starting with 0 (spaces, hyphens, dots and parentheses are ignored)',
          '  line 1,252, column phone_number: is required',
        ].join('\n'),
      );
      const server = await startOutbound({}, { cwd: folder.path });
      try {
        expect((await get(server.url, '/contactLists/VoiceGenie_contact_bad_rows')).status).to.equal(404);
      } finally {
        await server.stop();
      }
    });

    it("tells the file's own problems and the rows' problems together, in line order", async function () {
      const file = folder.file('mixed.csv', 'phone_number,name\n919876543210,A\n12ab,B\n919876543211,C,extra\n');

      const run = await importing(folder, [file, '--id', 'mixed']);

      expect(run.code).to.equal(1);
      expect(run.stderr).to.include(
        [
          'mixed.csv has 2 problems; nothing was written',
          '  line 3, column phone_number: "12ab" must be a phone number in E.164 form: an optional +, then 8 to 15 digits not starting with 0 (spaces, hyphens, dots and parentheses are ignored)',
          '  line 4: has 3 cells, but the header names 2 columns',
        ].join('\n'),
      );
    });

    it('lists problems up to a cap, with how many there are in all', async function () {
      const rows = Array.from({ length: 250 }, (_, index) => `bad${index},Person`);
      const file = folder.file('all-bad.csv', ['phone_number,name', ...rows].join('\n'));

      const run = await importing(folder, [file, '--id', 'all_bad']);

      expect(run.code).to.equal(1);
      expect(run.stderr).to.include('all-bad.csv has 250 problems; nothing was written');
      expect(run.stderr.match(/^ {2}line /gm)).to.have.length(100);
      expect(run.stderr).to.include('  and 150 more (250 in all)');
    });

    it('refuses a file without a phone column (1), and a --phone-column the file lacks (2)', async function () {
      const file = folder.file('names.csv', 'name,email\nJo,jo@example.com\n');
      const missing = await importing(folder, [file, '--id', 'no_phones']);
      expect(missing.code).to.equal(1);
      expect(missing.stderr).to.include(
        'line 1: no column of phone numbers: the header ("name", "email") has no phone_number, phone, Phone Number, mobile or the like; name it with --phone-column',
      );

      const unknown = await importing(folder, [file, '--id', 'no_phones', '--phone-column', 'Telephone']);
      expect(unknown.code).to.equal(2);
      expect(unknown.stderr).to.include(
        'line 1: --phone-column "Telephone" is not a column of the header ("name", "email")',
      );
    });

    it('refuses UTF-16 without a byte order mark as not UTF-8 (1), quoting none of it', async function () {
      const file = folder.file('contacts.csv', Buffer.from(CONTACTS_CSV, 'utf16le'));

      const run = await importing(folder, [file, '--id', 'no_mark']);

      expect(run.code).to.equal(1);
      expect(run.stderr).to.include(
        [
          'contacts.csv has 1 problem; nothing was written',
          '  the file: is not UTF-8 text: its header holds NUL characters, as UTF-16 saved without a byte order mark does; save the file as CSV in UTF-8',
        ].join('\n'),
      );
      for (const told of ['\u0000', '\\u0000', 'phone']) expect(run.stderr + run.stdout).not.to.include(told);
    });

    it('refuses a file of a header and no rows', async function () {
      const run = await importing(folder, [folder.file('header.csv', 'phone_number,name\n'), '--id', 'header_only']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include(
        'header.csv has 1 problem; nothing was written\n  the file: has a header and no rows',
      );
    });

    it('refuses a quote never closed, by the line it opens on', async function () {
      const file = folder.file('broken.csv', 'phone_number,name\n919876543210,Jo\n919876543211,"Al\n919876543212,Ed\n');
      const run = await importing(folder, [file, '--id', 'broken']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include(
        'line 3: a quoted cell is never closed: a " opens it and none ends it before the end of the file',
      );
    });

    it('checks every row with --dry-run and writes nothing, not even the storage', async function () {
      const file = folder.file('contacts.csv', CONTACTS_CSV);

      const run = await importing(folder, [file, '--id', 'rehearsal', '--dry-run']);

      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.include(
        'dry run: 3 rows would be stored as contact list VoiceGenie_contact_rehearsal and campaign VoiceGenie_campaign_rehearsal; nothing was written',
      );
      expect(run.stdout).to.include("skipped 1 row repeating an earlier row's phone number: line 6 (as line 2)");
      expect(existsSync(join(folder.path, 'data'))).to.equal(false);

      const bad = await importing(folder, [
        folder.file('bad.csv', 'phone_number\n12ab\n'),
        '--id',
        'rehearsal',
        '--dry-run',
      ]);
      expect(bad.code).to.equal(1);
      expect(bad.stderr).to.include('line 2, column phone_number: "12ab" must be a phone number');
    });

    it('records the rows as created by the key in OUTBOUND_API_KEY, so that key reads them back', async function () {
      const keys = { API_KEYS: 'crm:crm-secret-0123456789,ops:ops-secret-0123456789' };
      const file = folder.file('contacts.csv', CONTACTS_CSV);

      const unknown = await importing(folder, [file, '--id', 'owned'], {
        ...keys,
        OUTBOUND_API_KEY: 'no-such-key-0123456789',
      });
      expect(unknown.code).to.equal(2);
      expect(unknown.stderr).to.include('OUTBOUND_API_KEY is not one of the keys in API_KEYS or API_KEYS_FILE');

      const run = await importing(folder, [file, '--id', 'owned'], {
        ...keys,
        OUTBOUND_API_KEY: 'crm-secret-0123456789',
      });
      expect(run.code, run.stderr).to.equal(0);
      const server = await startOutbound(keys, { cwd: folder.path });
      try {
        expect(
          await rowsOf(server.url, 'VoiceGenie_contact_owned', { 'x-api-key': 'crm-secret-0123456789' }),
        ).to.deep.equal(CONTACTS_STORED);
        const byAnother = await fetch(`${server.url}/contactLists/VoiceGenie_contact_owned`, {
          headers: { 'x-api-key': 'ops-secret-0123456789' },
        });
        expect(byAnother.status).to.equal(404);
      } finally {
        await server.stop();
      }
    });

    it('says a file holds more rows than MAX_ROWS before writing anything', async function () {
      const file = folder.file('many.csv', csvOfRows(3));
      const run = await importing(folder, [file, '--id', 'too_many'], { MAX_ROWS: '2' });
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include(
        'many.csv holds more than the 2 rows MAX_ROWS allows in one import (reading stopped at line 4); nothing was written',
      );
      expect(existsSync(join(folder.path, 'data'))).to.equal(false);
    });

    it('stops reading at the first row past MAX_ROWS, leaving the rest of the file unread', async function () {
      // The tail would be refused for its quote never closed, were it read.
      const file = folder.file('many.csv', `${csvOfRows(60_000)}+1 2999999999,"never closed\n`);

      const run = await importing(folder, [file, '--id', 'too_many'], { MAX_ROWS: '2' });

      expect(run.code).to.equal(1);
      expect(run.stdout).to.include('read 3 rows from many.csv');
      expect(run.stderr).to.include(
        'many.csv holds more than the 2 rows MAX_ROWS allows in one import (reading stopped at line 4); nothing was written',
      );
      expect(run.stderr).not.to.include('never closed');
      expect(run.stderr).not.to.include('reading: 100%');
    });

    it('counts every row against MAX_ROWS, a repeated one too, and no blank line', async function () {
      const file = folder.file('contacts.csv', CONTACTS_CSV);

      const exactly = await importing(folder, [file, '--id', 'at_most', '--dry-run'], { MAX_ROWS: '4' });
      expect(exactly.code, exactly.stderr).to.equal(0);
      expect(exactly.stdout).to.include('dry run: 3 rows would be stored');

      const over = await importing(folder, [file, '--id', 'at_most', '--dry-run'], { MAX_ROWS: '3' });
      expect(over.code).to.equal(1);
      expect(over.stderr).to.include(
        'contacts.csv holds more than the 3 rows MAX_ROWS allows in one import (reading stopped at line 7)',
      );
    });

    it('refuses other rows under a name already taken (1)', async function () {
      expect(
        (await importing(folder, [folder.file('a.csv', csvOfRows(2, { seed: 1 })), '--id', 'taken'])).code,
      ).to.equal(0);
      const run = await importing(folder, [folder.file('b.csv', csvOfRows(2, { seed: 2 })), '--id', 'taken']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include(
        "VoiceGenie_contact_taken already holds other rows, so --id cannot name this file's; nothing was written",
      );
    });

    it('exits 3 when the storage cannot be reached', async function () {
      const file = folder.file('contacts.csv', CONTACTS_CSV);
      const run = await importing(folder, [file, '--id', 'nowhere'], {
        DATABASE_URL: 'mysql://outbound@127.0.0.1:1/outbound_test_nowhere',
      });
      expect(run.code).to.equal(3);
      expect(run.stderr).to.match(/outbound import: cannot open the storage: .*ECONNREFUSED/);
    });

    it('refuses usage mistakes with exit 2, saying what is wrong', async function () {
      const file = folder.file('contacts.csv', CONTACTS_CSV);
      const cases: [string[], string][] = [
        [[file], '--id is required'],
        [[file, '--id', 'has space'], '--id "has space" must be 1 to 64 characters'],
        [['--id', 'x'], 'name the CSV file to import'],
        [['missing.csv', '--id', 'x'], 'cannot read missing.csv (no such file)'],
        [[file, '--id', 'x', '--colour'], "Unknown option '--colour'"],
        [[file, '--id', 'x', '--delimiter', ';;'], '--delimiter must be one character'],
        [[file, '--id', 'x', '--default-country-code', '0'], '--default-country-code must be 1 to 3 digits'],
        [[file, '--id', 'x', '--url', 'ftp://example.com'], '--url must be an http or https address'],
        [[file, '--id', 'x', '--url', 'http://example.com/?key=1'], "--url must be the server's address"],
        [[file, '--id', 'x', '--url', 'http://127.0.0.1:1', '--retries', 'many'], '--retries must be a whole number'],
      ];
      for (const [args, says] of cases) {
        const run = await importing(folder, args);
        expect(run.code, args.join(' ')).to.equal(2);
        expect(run.stderr, args.join(' ')).to.include(says);
      }
    });

    it('describes every option with --help, and the command list names import', async function () {
      const help = await importing(folder, ['--help']);
      expect(help.code).to.equal(0);
      for (const option of [
        '--id',
        '--url',
        '--dry-run',
        '--delimiter',
        '--phone-column',
        '--name-column',
        '--default-country-code',
        '--retries',
        'OUTBOUND_API_KEY',
        'Exit codes',
      ]) {
        expect(help.stdout).to.include(option);
      }
      const overall = await runOutbound({}, { args: ['--help'], cwd: folder.path });
      expect(overall.stdout).to.include('import FILE.csv');
    });
  });

  describe('the progress shown while reading', function () {
    it('is a bar under a terminal', async function () {
      const file = folder.file('rows.csv', csvOfRows(20_000));
      const command = [process.execPath, outboundEntry, 'import', file, '--id', 'on_a_terminal']
        .map((part) => `'${part}'`)
        .join(' ');

      const run = await new Promise<Finished>((resolve) => {
        // script(1) runs the command under a pseudo-terminal: what a person at a terminal sees.
        const child = spawn('script', ['-qec', command, '/dev/null'], {
          cwd: folder.path,
          env: { PATH: process.env['PATH'] ?? '' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.once('close', (code) => resolve({ code, stdout, stderr: '' }));
      });

      expect(run.code, run.stdout).to.equal(0);
      expect(run.stdout).to.include('\u001b[');
      expect(run.stdout).to.match(/reading .* 100% \| [\d.]+ kB of [\d.]+ kB \| 20,000 rows \| [\d,]+ rows\/s \| ETA /);
      expect(run.stdout).to.include('stored 20,000 rows');
    });

    it('is a line per tenth of the file at most, in a pipe', async function () {
      const file = folder.file('rows.csv', csvOfRows(20_000));

      const run = await importing(folder, [file, '--id', 'in_a_pipe']);

      expect(run.code, run.stderr).to.equal(0);
      expect(run.stderr).not.to.include('\u001b[');
      expect(run.stderr).not.to.include('\r');
      const told = [
        ...run.stderr.matchAll(/^reading: (\d+)% \([\d.]+ kB of [\d.]+ kB\), ([\d,]+) rows, [\d,]+ rows\/s$/gm),
      ];
      const percents = told.map((line) => Number(line[1]));
      expect(percents.length).to.be.within(2, 10);
      expect(percents).to.deep.equal([...new Set(percents)].sort((a, b) => a - b));
      expect(told.at(-1)?.slice(1)).to.deep.equal(['100', '20,000']);
    });
  });

  describe('to a listening server (--url)', function () {
    it('sends the rows, streamed, and reports what the server did', async function () {
      const server = await startOutbound({}, { cwd: folder.path });
      try {
        const file = folder.file('contacts.csv', CONTACTS_CSV);
        const run = await importing(folder, [file, '--id', 'remote', '--url', server.url]);

        expect(run.code, run.stderr).to.equal(0);
        expect(run.stderr).to.include(`checking and storing 4 rows on the server at ${server.url}…`);
        expect(run.stdout).to.include(
          'stored 3 rows as contact list VoiceGenie_contact_remote and campaign VoiceGenie_campaign_remote',
        );
        expect(await rowsOf(server.url, 'VoiceGenie_contact_remote')).to.deep.equal(CONTACTS_STORED);

        const again = await importing(folder, [file, '--id', 'remote', '--url', `${server.url}/`]);
        expect(again.code, again.stderr).to.equal(0);
        expect(again.stdout).to.include('nothing was written (a replay)');
      } finally {
        await server.stop();
      }
    });

    it("tells the server's refusals against the file", async function () {
      const server = await startOutbound({ MAX_ROWS: '50' }, { cwd: folder.path });
      /** Writes `text` as the file `name` and imports it under `id` to the server, or to `url`. */
      const send = (name: string, text: string, id: string, url = server.url) =>
        importing(folder, [folder.file(name, text), '--id', id, '--url', url]);
      try {
        const bad = await send('bad.csv', 'phone_number,name\n919876543210,A\n12ab,B\n', 'x');
        expect(bad.code).to.equal(1);
        expect(bad.stderr).to.include(
          'bad.csv has 1 problem; nothing was written\n  line 3, column phone_number: "12ab" must be',
        );

        expect((await send('a.csv', csvOfRows(2), 'taken')).code).to.equal(0);
        const taken = await send('b.csv', csvOfRows(2, { seed: 2 }), 'taken');
        expect(taken.code).to.equal(1);
        expect(taken.stderr).to.include('VoiceGenie_contact_taken already holds other rows');

        // The server's own MAX_ROWS is lower than the command's.
        const many = await send('many.csv', csvOfRows(60), 'many');
        expect(many.code).to.equal(1);
        expect(many.stderr).to.include('the file: must hold at most 50 rows');

        const wrongPath = await send('c.csv', csvOfRows(1), 'c', `${server.url}/nowhere`);
        expect(wrongPath.code).to.equal(2);
        expect(wrongPath.stderr).to.include('answered 404: is --url the address of an outbound server?');
      } finally {
        await server.stop();
      }
    });

    it('sends the key from OUTBOUND_API_KEY, and says so when the server refuses it (2)', async function () {
      const secret = 'import-secret-0123456789';
      const server = await startOutbound({ API_KEYS: `crm:${secret}` }, { cwd: folder.path });
      try {
        const file = folder.file('contacts.csv', CONTACTS_CSV);
        const without = await importing(folder, [file, '--id', 'keyed', '--url', server.url]);
        expect(without.code).to.equal(2);
        expect(without.stderr).to.include('the server refused the API key: set OUTBOUND_API_KEY');

        const wrong = await importing(folder, [file, '--id', 'keyed', '--url', server.url], {
          OUTBOUND_API_KEY: 'not-the-secret-000000',
        });
        expect(wrong.code).to.equal(2);

        const run = await importing(folder, [file, '--id', 'keyed', '--url', server.url], { OUTBOUND_API_KEY: secret });
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout + run.stderr).not.to.include(secret);
        expect(await rowsOf(server.url, 'VoiceGenie_contact_keyed', { 'x-api-key': secret })).to.deep.equal(
          CONTACTS_STORED,
        );
      } finally {
        const { stdout } = await server.stop();
        expect(stdout).not.to.include(secret);
      }
    });

    it('tries again after a 503, sending the same whole request, streamed', async function () {
      const server = await startOutbound({}, { cwd: folder.path });
      const seen: { headers: IncomingHttpHeaders; body: string; answered: number }[] = [];
      // In front of the server: turns the first request away as a busy server would, passes the rest.
      const front = createServer((incoming, answer) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const body = Buffer.concat(chunks);
          const entry = { headers: incoming.headers, body: body.toString(), answered: 0 };
          seen.push(entry);
          if (seen.length === 1) {
            entry.answered = 503;
            answer.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '0' }).end(
              JSON.stringify({
                status: 'failed',
                data: { message: 'server busy', retryAfterSeconds: 0 },
                message: 'too many writes are waiting; retry after 0 seconds!',
              }),
            );
            return;
          }
          const target = new URL(server.url);
          const upstream = httpRequest(
            {
              host: target.hostname,
              port: target.port,
              path: incoming.url,
              method: incoming.method,
              headers: { 'content-type': 'application/json' },
            },
            (reply) => {
              entry.answered = reply.statusCode ?? 0;
              answer.writeHead(reply.statusCode ?? 502, reply.headers);
              reply.pipe(answer);
            },
          );
          upstream.end(body);
        });
      });
      await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
      try {
        const frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
        const file = folder.file('rows.csv', csvOfRows(5_000));

        const run = await importing(folder, [file, '--id', 'busy_once', '--url', frontUrl]);

        expect(run.code, run.stderr).to.equal(0);
        expect(run.stderr).to.include('the server answered 503; trying again in 0.0 s (retry 1 of 3)');
        expect(run.stdout).to.include('stored 5,000 rows');
        expect(seen.map(({ answered }) => answered)).to.deep.equal([503, 200]);
        expect(seen[1]?.body).to.equal(seen[0]?.body);
        expect(JSON.parse(seen[0]?.body ?? '')).to.have.nested.property('userData.length', 5_000);
        // Sent as it is written, not as one string of known length.
        expect(seen.map(({ headers }) => headers['transfer-encoding'])).to.deep.equal(['chunked', 'chunked']);
        expect(await rowsOf(server.url, 'VoiceGenie_contact_busy_once')).to.have.length(5_000);
      } finally {
        await new Promise((resolve) => front.close(resolve));
        await server.stop();
      }
    });

    it('tells a body too large for the server (1), and a server still refusing after the retries (3)', async function () {
      const server = await startOutbound(
        { BODY_LIMIT_BYTES: '2000', API_KEYS: 'crm:crm-secret-0123456789', RATE_LIMIT_PER_MINUTE: '1' },
        { cwd: folder.path },
      );
      const key = { OUTBOUND_API_KEY: 'crm-secret-0123456789' };
      try {
        const large = await importing(
          folder,
          [folder.file('large.csv', csvOfRows(100)), '--id', 'large', '--url', server.url],
          key,
        );
        expect(large.code).to.equal(1);
        expect(large.stderr).to.include(
          'the server takes request bodies of at most 2000 bytes (its BODY_LIMIT_BYTES); split the file; nothing was written',
        );

        // The one request a minute went to the file too large; the next is refused with 429 and Retry-After.
        const limited = await importing(
          folder,
          [folder.file('small.csv', csvOfRows(1)), '--id', 'small', '--url', server.url, '--retries', '0'],
          key,
        );
        expect(limited.code).to.equal(3);
        expect(limited.stderr).to.include(
          'outbound import: the server answered 429, too many requests; nothing was written',
        );
      } finally {
        await server.stop();
      }
    });

    it("reports a server that answers the spec's success and nothing more as done", async function () {
      const spec = createServer((incoming, answer) => {
        incoming.resume().on('end', () =>
          answer.writeHead(200, { 'Content-Type': 'application/json' }).end(
            JSON.stringify({
              status: 'success',
              data: { message: 'Done' },
              message: 'Contact and campaign created.',
            }),
          ),
        );
      });
      await new Promise<void>((resolve) => spec.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(spec.address() as AddressInfo).port}`;
        const run = await importing(folder, [folder.file('contacts.csv', CONTACTS_CSV), '--id', 'spec', '--url', url]);
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout).to.include(
          'stored: the server answered "Contact and campaign created.", without saying how many rows it kept',
        );
      } finally {
        await new Promise((resolve) => spec.close(resolve));
      }
    });

    it('exits 3 when the server cannot be reached, after its retries', async function () {
      // A port that was free a moment ago: nothing listens there.
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const closedPort = (probe.address() as AddressInfo).port;
      await new Promise((resolve) => probe.close(resolve));
      const nowhere = `http://127.0.0.1:${closedPort}`;
      const file = folder.file('contacts.csv', CONTACTS_CSV);

      const run = await importing(folder, [file, '--id', 'unreachable', '--url', nowhere, '--retries', '1']);

      expect(run.code).to.equal(3);
      expect(run.stderr).to.match(/ECONNREFUSED; trying again in \d\.\d s \(retry 1 of 1\)/);
      expect(run.stderr).to.include(`outbound import: cannot reach ${nowhere}: ECONNREFUSED; nothing was written`);
    });
  });
});

describeOnEachDatabase(
  (label) => `outbound import in this process on ${label}`,
  (database) => {
    let folder: Folder;
    let server: OutboundProcess;

    before(async function () {
      await emptyTables(database().knex);
      folder = aFolder();
      server = await startOutbound({ DATABASE_URL: database().url }, { cwd: folder.path });
    });
    after(async function () {
      await server.stop();
      folder.remove();
    });

    it('stores the rows where DATABASE_URL says, for a server on the same storage to read back', async function () {
      this.timeout(60_000);
      const file = folder.file('contacts.csv', CONTACTS_CSV);

      const run = await importing(folder, [file, '--id', 'shared_storage'], { DATABASE_URL: database().url });

      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.include('stored 3 rows');
      expect(await rowsOf(server.url, 'VoiceGenie_contact_shared_storage')).to.deep.equal(CONTACTS_STORED);
      const [campaigns] = await database()
        .knex('campaigns')
        .where('name', 'VoiceGenie_campaign_shared_storage')
        .count({ count: '*' });
      expect(Number(campaigns?.count)).to.equal(1);

      const again = await importing(folder, [file, '--id', 'shared_storage'], { DATABASE_URL: database().url });
      expect(again.code, again.stderr).to.equal(0);
      expect(again.stdout).to.include('(a replay)');
    });
  },
);
