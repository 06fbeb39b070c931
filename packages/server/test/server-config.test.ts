import { expect } from 'chai';
import { ConfigError, readServerConfig, withoutPassword } from '../src/index.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    readServerConfig(env, '/srv/app');
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
    });
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
    });
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
