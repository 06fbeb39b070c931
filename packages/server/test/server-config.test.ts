import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, readServerConfig, withoutPassword } from '../src/index.js';

function problemsOf(env: Record<string, string>, cwd = '/srv/app'): readonly string[] {
  try {
    readServerConfig(env, cwd);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('readServerConfig', function () {
  it('serves on port 3000 as VoiceGenie with 100,000 rows, 32 MiB and ./data/outbound.sqlite by default', function () {
    expect(readServerConfig({}, '/srv/app')).to.deep.equal({
      port: 3000,
      host: undefined,
      brand: 'VoiceGenie',
      brandConfigured: false,
      limits: { maxRows: 100_000, maxRowBytes: 65_536, maxCustomFields: 100, maxFieldKeyLength: 128 },
      bodyLimitBytes: 32 * 1024 * 1024,
      storage: { kind: 'sqlite', file: '/srv/app/data/outbound.sqlite' },
      migrate: true,
      statementTimeoutMs: 15_000,
      orphanGraceMs: 600_000,
      orphanSweepIntervalMs: 60_000,
      callLeaseMs: 600_000,
      apiKeys: [],
      logLevel: 'info',
      logFormat: 'json',
      rateLimitPerMinute: 0,
      authFailureLimitPerMinute: 30,
      writeAdmission: { maxConcurrent: 4, maxBodyBytesInFlight: 16_777_216, maxQueued: 256, queueTimeoutMs: 30_000 },
      shutdownTimeoutMs: 30_000,
      headersTimeoutMs: 20_000,
      requestTimeoutMs: 300_000,
      keepAliveTimeoutMs: 5_000,
    });
  });

  it('logs pretty lines to a terminal and JSON lines elsewhere, unless LOG_FORMAT says which', function () {
    const formatOf = (env: Record<string, string>, logsToTerminal: boolean) =>
      readServerConfig(env, '/srv/app', { logsToTerminal }).logFormat;

    expect(formatOf({}, true)).to.equal('pretty');
    expect(formatOf({}, false)).to.equal('json');
    expect(formatOf({ LOG_FORMAT: 'json' }, true)).to.equal('json');
    expect(formatOf({ LOG_FORMAT: 'pretty' }, false)).to.equal('pretty');
  });

  it('lets as many writes run at once as MySQL has pooled connections, and 4 on SQLite or in memory', function () {
    const maxConcurrentOn = (DATABASE_URL: string) =>
      readServerConfig({ DATABASE_URL }, '/srv/app').writeAdmission.maxConcurrent;
    expect(maxConcurrentOn('mysql://app@db:3306/outbound')).to.equal(10);
    expect(maxConcurrentOn('sqlite:data/outbound.sqlite')).to.equal(4);
    expect(maxConcurrentOn('memory:')).to.equal(4);
    expect(
      readServerConfig({ DATABASE_URL: 'mysql://app@db:3306/outbound', MAX_CONCURRENT_WRITES: '3' }, '/srv/app')
        .writeAdmission.maxConcurrent,
    ).to.equal(3);
  });

  it('reads every setting from its variable', function () {
    const env = {
      PORT: '8080',
      HOST: '127.0.0.1',
      BRAND_NAME: 'Acme',
      MAX_ROWS: '500',
      BODY_LIMIT_BYTES: '1048576',
      DATABASE_URL: 'memory:',
      MIGRATE: 'false',
      MAX_ROW_BYTES: '1024',
      MAX_CUSTOM_FIELDS: '5',
      MAX_FIELD_KEY_LENGTH: '32',
      DB_STATEMENT_TIMEOUT_MS: '2000',
      ORPHAN_GRACE_MS: '30000',
      ORPHAN_SWEEP_INTERVAL_MS: '5000',
      CALL_LEASE_MS: '120000',
      API_KEYS: 'crm:0123456789abcdef0123,ops:Qw9-Qw9-Qw9-Qw9-Qw9,fleet:Zz1-Zz1-Zz1-Zz1-Zz1:dialer',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'pretty',
      RATE_LIMIT_PER_MINUTE: '120',
      AUTH_FAILURES_PER_MINUTE: '10',
      MAX_CONCURRENT_WRITES: '2',
      MAX_WRITE_BYTES_IN_FLIGHT: '1000000',
      MAX_QUEUED_WRITES: '10',
      WRITE_QUEUE_TIMEOUT_MS: '5000',
      SHUTDOWN_TIMEOUT_MS: '10000',
      HEADERS_TIMEOUT_MS: '5000',
      REQUEST_TIMEOUT_MS: '60000',
      KEEP_ALIVE_TIMEOUT_MS: '65000',
    };

    expect(readServerConfig(env, '/srv/app')).to.deep.equal({
      port: 8080,
      host: '127.0.0.1',
      brand: 'Acme',
      brandConfigured: true,
      limits: { maxRows: 500, maxRowBytes: 1024, maxCustomFields: 5, maxFieldKeyLength: 32 },
      bodyLimitBytes: 1_048_576,
      storage: { kind: 'memory' },
      migrate: false,
      statementTimeoutMs: 2000,
      orphanGraceMs: 30_000,
      orphanSweepIntervalMs: 5000,
      callLeaseMs: 120_000,
      apiKeys: [
        { name: 'crm', secret: '0123456789abcdef0123' },
        { name: 'ops', secret: 'Qw9-Qw9-Qw9-Qw9-Qw9' },
        { name: 'fleet', secret: 'Zz1-Zz1-Zz1-Zz1-Zz1', role: 'dialer' },
      ],
      logLevel: 'warn',
      logFormat: 'pretty',
      rateLimitPerMinute: 120,
      authFailureLimitPerMinute: 10,
      writeAdmission: { maxConcurrent: 2, maxBodyBytesInFlight: 1_000_000, maxQueued: 10, queueTimeoutMs: 5000 },
      shutdownTimeoutMs: 10_000,
      headersTimeoutMs: 5000,
      requestTimeoutMs: 60_000,
      keepAliveTimeoutMs: 65_000,
    });
  });

  describe('API keys', function () {
    const secret = 'not-for-any-log-0001';

    it('limits each key to 600 requests a minute unless told, and no one without keys', function () {
      expect(readServerConfig({ API_KEYS: `crm:${secret}` }).rateLimitPerMinute).to.equal(600);
      expect(readServerConfig({ API_KEYS: `crm:${secret}`, RATE_LIMIT_PER_MINUTE: '0' }).rateLimitPerMinute).to.equal(
        0,
      );
      expect(readServerConfig({}).rateLimitPerMinute).to.equal(0);
      expect(readServerConfig({ RATE_LIMIT_PER_MINUTE: '30' }).rateLimitPerMinute).to.equal(30);
    });

    it('lets each address fail to authenticate 30 times a minute unless told, 0 for no limit', function () {
      expect(readServerConfig({ API_KEYS: `crm:${secret}` }).authFailureLimitPerMinute).to.equal(30);
      expect(
        readServerConfig({ API_KEYS: `crm:${secret}`, AUTH_FAILURES_PER_MINUTE: '0' }).authFailureLimitPerMinute,
      ).to.equal(0);
    });

    it('reads API_KEYS_FILE, a key a line with blank lines and comments, beside API_KEYS', function () {
      const folder = mkdtempSync(join(tmpdir(), 'outbound-keys-'));
      try {
        writeFileSync(join(folder, 'keys'), `# rotated 2026-11\n\nnew:${secret}\r\n  old:${secret}-old  \n`);

        const { apiKeys } = readServerConfig({ API_KEYS_FILE: 'keys', API_KEYS: `crm:${secret}-crm` }, folder);

        expect(apiKeys).to.deep.equal([
          { name: 'crm', secret: `${secret}-crm` },
          { name: 'new', secret },
          { name: 'old', secret: `${secret}-old` },
        ]);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });

    it('gives an owner several secrets, in API_KEYS and in API_KEYS_FILE', function () {
      const folder = mkdtempSync(join(tmpdir(), 'outbound-keys-'));
      try {
        writeFileSync(join(folder, 'keys'), `crm:${secret}-file\nops:${secret}-ops\n`);

        const { apiKeys } = readServerConfig(
          { API_KEYS: `crm:${secret}-old,crm:${secret}-new`, API_KEYS_FILE: 'keys' },
          folder,
        );

        expect(apiKeys).to.deep.equal([
          { name: 'crm', secret: `${secret}-old` },
          { name: 'crm', secret: `${secret}-new` },
          { name: 'crm', secret: `${secret}-file` },
          { name: 'ops', secret: `${secret}-ops` },
        ]);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });

    it('refuses a secret given to two owners across API_KEYS and API_KEYS_FILE, naming both', function () {
      const folder = mkdtempSync(join(tmpdir(), 'outbound-keys-'));
      try {
        writeFileSync(join(folder, 'keys'), `# ops\nops:${secret}\n`);

        const problems = problemsOf({ API_KEYS: `crm:${secret}`, API_KEYS_FILE: 'keys' }, folder);

        expect(problems).to.deep.equal(['API_KEYS_FILE line 2: keys crm and ops have the same secret']);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });

    const refusals: [Record<string, string>, RegExp][] = [
      [
        { API_KEYS: 'short:tooShort123' },
        /^API_KEYS entry 1: the secret of key short must be at least 16 visible ASCII/,
      ],
      [{ API_KEYS: `${secret}` }, /^API_KEYS entry 1 must be name:secret/],
      [{ API_KEYS: `a b:${secret}` }, /^API_KEYS entry 1 must be name:secret/],
      [{ API_KEYS: `crm:${secret},ops:${secret}` }, /^API_KEYS entry 2: keys crm and ops have the same secret$/],
      [{ API_KEYS: `crm:${secret},crm:${secret}` }, /^API_KEYS entry 2: key crm has the same secret twice$/],
      [
        { API_KEYS: `fleet:${secret}-a:dialer,fleet:${secret}-b` },
        /^API_KEYS entry 2: key fleet is a dialer in one entry and not in another; a name has one role$/,
      ],
      [{ API_KEYS: `fleet:short:dialer` }, /^API_KEYS entry 1: the secret of key fleet must be at least 16/],
      [{ CALL_LEASE_MS: '999' }, /^CALL_LEASE_MS/],
      [{ API_KEYS: `crm:${secret} with space` }, /^API_KEYS entry 1: the secret of key crm must be/],
      [{ API_KEYS_FILE: '/nonexistent/keys' }, /^API_KEYS_FILE "\/nonexistent\/keys" cannot be read \(ENOENT\)$/],
      [{ API_KEYS: ',,,' }, /^API_KEYS holds no name:secret entry, only commas or blanks/],
      [{ API_KEYS: ' ' }, /^API_KEYS holds no name:secret entry, only commas or blanks/],
      [{ API_KEYS: ' , ,', NODE_ENV: 'production' }, /^API_KEYS holds no name:secret entry, only commas or blanks/],
      [{ API_KEYS_FILE: '/dev/null' }, /^API_KEYS_FILE "\/dev\/null" holds no name:secret line$/],
      [{ NODE_ENV: 'production' }, /^NODE_ENV is production but neither API_KEYS nor API_KEYS_FILE is set/],
      [{ NODE_ENV: 'PRODUCTION' }, /^NODE_ENV is PRODUCTION but neither API_KEYS nor API_KEYS_FILE is set/],
      [{ NODE_ENV: 'Production' }, /^NODE_ENV is Production but neither/],
      [{ NODE_ENV: 'prod' }, /^NODE_ENV is prod but neither API_KEYS nor API_KEYS_FILE is set/],
      [{ NODE_ENV: 'PROD' }, /^NODE_ENV is PROD but neither/],
    ];
    for (const [env, message] of refusals) {
      it(`refuses ${Object.keys(env).join(', ')} as in ${message.source.slice(0, 60)}, never printing a secret`, function () {
        const problems = problemsOf(env);

        expect(problems).to.have.length(1);
        expect(problems[0]).to.match(message);
        expect(problems[0]).not.to.include(secret.slice(0, 12));
        expect(problems[0]).not.to.include('tooShort');
      });
    }

    it('starts without keys outside production, whatever else NODE_ENV says', function () {
      for (const NODE_ENV of ['development', 'staging', 'test', 'production-like', '']) {
        expect(readServerConfig({ NODE_ENV }).apiKeys, NODE_ENV).to.deep.equal([]);
      }
    });

    it('starts in production with keys', function () {
      expect(readServerConfig({ NODE_ENV: 'production', API_KEYS: `crm:${secret}` }).apiKeys).to.have.length(1);
    });
  });

  it('takes a REQUEST_TIMEOUT_MS as short as the headers timeout in force', function () {
    expect(readServerConfig({ REQUEST_TIMEOUT_MS: '20000' })).to.deep.include({
      requestTimeoutMs: 20_000,
      headersTimeoutMs: 20_000,
    });
    expect(readServerConfig({ REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '1000' })).to.deep.include({
      requestTimeoutMs: 1000,
      headersTimeoutMs: 1000,
    });
  });

  it('listens on an IPv4 or IPv6 address or a host name as HOST says', function () {
    for (const HOST of [
      '127.0.0.1',
      '0.0.0.0',
      '::',
      '::1',
      'fe80::1%eth0',
      'localhost',
      'db-1.internal',
      'api.example.com.',
    ]) {
      expect(readServerConfig({ HOST }, '/srv/app').host, HOST).to.equal(HOST);
    }
  });

  const storages: [string, unknown][] = [
    ['sqlite:///var/lib/outbound/lists.sqlite', { kind: 'sqlite', file: '/var/lib/outbound/lists.sqlite' }],
    ['sqlite:lists.sqlite', { kind: 'sqlite', file: '/srv/app/lists.sqlite' }],
    ['sqlite:data/other.sqlite', { kind: 'sqlite', file: '/srv/app/data/other.sqlite' }],
    [
      'mysql://app:s3cret@db.internal:3307/outbound',
      { kind: 'mysql', url: 'mysql://app:s3cret@db.internal:3307/outbound' },
    ],
    ['memory:', { kind: 'memory' }],
  ];
  for (const [url, storage] of storages) {
    it(`reads DATABASE_URL=${url}`, function () {
      expect(readServerConfig({ DATABASE_URL: url }, '/srv/app').storage).to.deep.equal(storage);
    });
  }

  const refusals: [Record<string, string>, RegExp][] = [
    [{ PORT: 'http' }, /^PORT must be a whole number from 0 to 65535 \(got "http"\)$/],
    [{ PORT: '70000' }, /^PORT /],
    [{ PORT: '-1' }, /^PORT /],
    [{ PORT: '3000.5' }, /^PORT /],
    [{ HOST: 'not a host!' }, /^HOST must be an IPv4 address, an IPv6 address or a host name \(got "not a host!"\)$/],
    [{ HOST: '[::1]' }, /^HOST must be /],
    [{ HOST: '-db.internal' }, /^HOST must be /],
    [{ HOST: 'db..internal' }, /^HOST must be /],
    [{ HOST: `${'a'.repeat(64)}.internal` }, /^HOST must be /],
    [{ HOST: '256.1.1.1' }, /^HOST must be /],
    [{ HOST: 'http://db.internal' }, /^HOST must be /],
    [{ BRAND_NAME: 'Voice Genie' }, /^BRAND_NAME must be 1 to 64 characters/],
    [{ MAX_ROWS: '0' }, /^MAX_ROWS must be a whole number from 1/],
    [{ BODY_LIMIT_BYTES: '32mb' }, /^BODY_LIMIT_BYTES must be a whole number/],
    [{ MIGRATE: 'no' }, /^MIGRATE must be true or false \(got "no"\)$/],
    [{ MAX_ROW_BYTES: '64kb' }, /^MAX_ROW_BYTES must be a whole number from 2 to 4000000/],
    [{ MAX_CUSTOM_FIELDS: '-1' }, /^MAX_CUSTOM_FIELDS /],
    [{ MAX_FIELD_KEY_LENGTH: '0' }, /^MAX_FIELD_KEY_LENGTH /],
    [{ DB_STATEMENT_TIMEOUT_MS: '0' }, /^DB_STATEMENT_TIMEOUT_MS must be a whole number from 1/],
    [{ ORPHAN_GRACE_MS: '10m' }, /^ORPHAN_GRACE_MS /],
    [{ ORPHAN_SWEEP_INTERVAL_MS: 'soon' }, /^ORPHAN_SWEEP_INTERVAL_MS /],
    [
      { LOG_LEVEL: 'verbose' },
      /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent \(got "verbose"\)$/,
    ],
    [{ LOG_FORMAT: 'text' }, /^LOG_FORMAT must be json or pretty/],
    [{ RATE_LIMIT_PER_MINUTE: 'lots' }, /^RATE_LIMIT_PER_MINUTE /],
    [
      { AUTH_FAILURES_PER_MINUTE: 'many' },
      /^AUTH_FAILURES_PER_MINUTE must be a whole number from 0 to 10000000 \(got "many"\)$/,
    ],
    [{ MAX_CONCURRENT_WRITES: '0' }, /^MAX_CONCURRENT_WRITES /],
    [{ MAX_QUEUED_WRITES: '-1' }, /^MAX_QUEUED_WRITES /],
    [{ MAX_WRITE_BYTES_IN_FLIGHT: '16MB' }, /^MAX_WRITE_BYTES_IN_FLIGHT /],
    [{ WRITE_QUEUE_TIMEOUT_MS: '0' }, /^WRITE_QUEUE_TIMEOUT_MS /],
    [{ SHUTDOWN_TIMEOUT_MS: '30s' }, /^SHUTDOWN_TIMEOUT_MS /],
    [
      { HEADERS_TIMEOUT_MS: '9000', REQUEST_TIMEOUT_MS: '8000' },
      /^HEADERS_TIMEOUT_MS \(9000\) must not exceed REQUEST_TIMEOUT_MS \(8000\)$/,
    ],
    [
      { REQUEST_TIMEOUT_MS: '1000' },
      /^REQUEST_TIMEOUT_MS \(1000\) must not be below HEADERS_TIMEOUT_MS \(20000, its default\): set HEADERS_TIMEOUT_MS as well$/,
    ],
    [{ HEADERS_TIMEOUT_MS: '400000' }, /^HEADERS_TIMEOUT_MS \(400000\) must not exceed REQUEST_TIMEOUT_MS \(300000\)$/],
    [{ KEEP_ALIVE_TIMEOUT_MS: '0' }, /^KEEP_ALIVE_TIMEOUT_MS /],
    [
      { DATABASE_URL: 'postgres://app:s3cret@db/outbound' },
      /^DATABASE_URL must be sqlite:\/\/\/absolute\/path.sqlite, sqlite:relative\/path.sqlite, mysql:\/\/user:password@host:port\/database or memory: \(got "postgres:\/\/app:\*\*\*\*@db\/outbound"\)$/,
    ],
    [{ DATABASE_URL: 'mysql://app:s3cret@db' }, /^DATABASE_URL .*\(got "mysql:\/\/app:\*\*\*\*@db"\)$/],
    [
      { DATABASE_URL: 'mysql://app:s3cret/x@db/outbound' },
      /^DATABASE_URL .*\(got "mysql:\/\/\*\*\*\*@db\/outbound"\)$/,
    ],
    [
      { DATABASE_URL: 'mysql://app:s3/cr@et@db:3306/outbound' },
      /^DATABASE_URL .*\(got "mysql:\/\/\*\*\*\*@db:3306\/outbound"\)$/,
    ],
    [{ DATABASE_URL: 'mysql:app:s3cret/@db/outbound' }, /^DATABASE_URL /],
    [{ DATABASE_URL: 'sqlite://relative.sqlite' }, /^DATABASE_URL /],
    [{ DATABASE_URL: 'outbound.sqlite' }, /^DATABASE_URL /],
  ];
  for (const [env, message] of refusals) {
    it(`refuses ${JSON.stringify(env)}, naming the variable`, function () {
      const problems = problemsOf(env);

      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(message);
      expect(problems[0]).not.to.include('s3cret');
    });
  }

  it('names every variable that is wrong at once', function () {
    expect(() => readServerConfig({ PORT: 'x', MAX_ROWS: 'y' })).to.throw(ConfigError, /PORT.*; MAX_ROWS/);
  });
});

describe('withoutPassword', function () {
  it('masks the password of a URL and leaves the rest', function () {
    expect(withoutPassword('mysql://root:pa%40ss@127.0.0.1:3306/outbound')).to.equal(
      'mysql://root:****@127.0.0.1:3306/outbound',
    );
    expect(withoutPassword('mysql://root@127.0.0.1/outbound')).to.equal('mysql://root@127.0.0.1/outbound');
    expect(withoutPassword('weird://user:secret@host:port:bad/x')).not.to.include('secret');
    expect(withoutPassword('mysql://root@db/outbound?password=secret')).not.to.include('secret');
  });

  it('keeps no part of the credentials of a URL that does not parse', function () {
    for (const value of [
      'mysql://root:se/cret@db/x',
      'mysql://root:se@cr/et@db/x',
      'mysql:/root:secret:@db',
      '//:secret@db',
    ]) {
      expect(withoutPassword(value), value).not.to.match(/se|cr|et/);
    }
  });
});
