import { expect } from 'chai';
import { ConfigError, readServerConfig } from '../src/index.js';

describe('readServerConfig', function () {
  it('serves on port 3000 as VoiceGenie with 100,000 rows and 32 MiB by default', function () {
    expect(readServerConfig({})).to.deep.equal({
      port: 3000,
      host: undefined,
      brand: 'VoiceGenie',
      brandConfigured: false,
      maxRows: 100_000,
      bodyLimitBytes: 32 * 1024 * 1024,
    });
  });

  it('reads every setting from its variable', function () {
    expect(
      readServerConfig({
        PORT: '8080',
        HOST: '127.0.0.1',
        BRAND_NAME: 'Acme',
        MAX_ROWS: '500',
        BODY_LIMIT_BYTES: '1048576',
      }),
    ).to.deep.equal({
      port: 8080,
      host: '127.0.0.1',
      brand: 'Acme',
      brandConfigured: true,
      maxRows: 500,
      bodyLimitBytes: 1_048_576,
    });
  });

  const refusals: [Record<string, string>, RegExp][] = [
    [{ PORT: 'http' }, /^PORT must be a whole number from 0 to 65535 \(got "http"\)$/],
    [{ PORT: '70000' }, /^PORT /],
    [{ PORT: '-1' }, /^PORT /],
    [{ PORT: '3000.5' }, /^PORT /],
    [{ BRAND_NAME: 'Voice Genie' }, /^BRAND_NAME must be 1 to 64 characters/],
    [{ MAX_ROWS: '0' }, /^MAX_ROWS must be a whole number from 1/],
    [{ BODY_LIMIT_BYTES: '32mb' }, /^BODY_LIMIT_BYTES must be a whole number/],
  ];
  for (const [env, message] of refusals) {
    it(`refuses ${JSON.stringify(env)}, naming the variable`, function () {
      let thrown: unknown;
      try {
        readServerConfig(env);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).to.be.instanceOf(ConfigError);
      expect((thrown as ConfigError).problems).to.have.length(1);
      expect((thrown as ConfigError).problems[0]).to.match(message);
    });
  }

  it('names every variable that is wrong at once', function () {
    expect(() => readServerConfig({ PORT: 'x', MAX_ROWS: 'y' })).to.throw(ConfigError, /PORT.*; MAX_ROWS/);
  });
});
