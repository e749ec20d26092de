import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsInt, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { AppConfig, preflightConfig } from './app-config';
import {
  ConfigValidationError,
  DEV_PHONE_HASH_PEPPER,
  DEV_SMS_ENCRYPTION_KEYS,
  validateDatabaseEnvironment,
  validateEnvironment,
} from './env.schema';

class DemoSettings {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  DEMO_TIMEOUT_SECONDS = 30;
}

// A production configuration that passes; each test breaks one thing.
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db/josh',
  PUBLIC_BASE_URL: 'https://josh.example.com',
  SMS_PROVIDER: 'twilio',
  TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32),
  TWILIO_AUTH_TOKEN: 'secret',
  TWILIO_FROM_NUMBER: '+15550001111',
  SMS_ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 7).toString('base64')}`,
  PHONE_HASH_PEPPER: 'k3Jq9-a-real-production-pepper-of-32b',
};

function problemsOf(raw: Record<string, unknown>): string[] {
  try {
    validateEnvironment(raw);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigValidationError)) throw err;
    return err.problems;
  }
}

describe('configuration', () => {
  it('starts on development defaults when NODE_ENV=development (or test) is set', () => {
    for (const NODE_ENV of ['development', 'test']) {
      const env = validateEnvironment({ NODE_ENV });
      expect(env.SMS_PROVIDER).toBe('console');
      expect(env.BILLING_MODE).toBe('free');
      expect(env.PORT).toBe(3000);
      expect(env.PHONE_HASH_PEPPER).toBe(DEV_PHONE_HASH_PEPPER);
    }
  });

  it('refuses the development defaults when NODE_ENV is not set, and says why', () => {
    const problems = problemsOf({});
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'SMS_PROVIDER', 'SMS_ENCRYPTION_KEYS', 'PHONE_HASH_PEPPER', 'PUBLIC_BASE_URL', 'DATABASE_URL', 'NODE_ENV',
    ]);
    expect(problems.at(-1)).toMatch(/^NODE_ENV: not set, so the production rules apply; set NODE_ENV=development/);
  });

  it('attack: NODE_ENV unset, the Twilio provider with the development key and pepper, is refused', () => {
    const { NODE_ENV: _unset, ...noNodeEnv } = PRODUCTION;
    expect(problemsOf(noNodeEnv)).toEqual([]); // a real production configuration needs no NODE_ENV
    const problems = problemsOf({ ...noNodeEnv, SMS_ENCRYPTION_KEYS: DEV_SMS_ENCRYPTION_KEYS, PHONE_HASH_PEPPER: DEV_PHONE_HASH_PEPPER });
    expect(problems).toEqual([
      'SMS_ENCRYPTION_KEYS: the development key must not be used in production',
      'PHONE_HASH_PEPPER: the development pepper must not be used in production',
      expect.stringMatching(/^NODE_ENV: not set/),
    ]);
  });

  it('refuses the development key anywhere in the keyring, however it is written', () => {
    const unpadded = DEV_SMS_ENCRYPTION_KEYS.slice(2).replace(/=+$/, '');
    const keys = `1:${Buffer.alloc(32, 7).toString('base64')},2:${unpadded}`;
    expect(problemsOf({ ...PRODUCTION, SMS_ENCRYPTION_KEYS: keys })).toEqual([
      'SMS_ENCRYPTION_KEYS: the development key must not be used in production',
    ]);
  });

  it('production refuses a PUBLIC_BASE_URL that is not https on a public host', () => {
    for (const url of [
      'http://localhost', 'http://josh.example.com', 'https://localhost:3000', 'https://app.localhost', 'https://127.0.0.1',
      'https://2130706433', 'https://10.1.2.3', 'https://192.168.0.10', 'https://172.20.0.1', 'https://169.254.169.254',
      'https://0.0.0.0', 'https://[::1]', 'https://[fd00::1]', 'https://[::ffff:127.0.0.1]', 'https://josh', 'https://josh.local',
    ]) {
      expect([url, problemsOf({ ...PRODUCTION, PUBLIC_BASE_URL: url })]).toEqual([url, [expect.stringMatching(/^PUBLIC_BASE_URL: /)]]);
    }
    for (const url of ['https://josh.example.com', 'https://api.joshfriends.app/', 'https://203.0.113.10']) {
      expect([url, problemsOf({ ...PRODUCTION, PUBLIC_BASE_URL: url })]).toEqual([url, []]);
    }
  });

  it('production refuses a pepper shorter than 32 bytes (16 characters used to pass)', () => {
    for (const pepper of ['a'.repeat(16), 'b'.repeat(31)]) {
      expect(problemsOf({ ...PRODUCTION, PHONE_HASH_PEPPER: pepper })).toEqual([
        'PHONE_HASH_PEPPER: must be at least 32 bytes in production (openssl rand -base64 32)',
      ]);
    }
    expect(problemsOf({ ...PRODUCTION, PHONE_HASH_PEPPER: 'c'.repeat(32) })).toEqual([]);
  });

  it('serves the API docs outside production, and in production only with DOCS_ENABLED=true', () => {
    const docs = (raw: Record<string, unknown>) => AppConfig.fromEnvironment(raw).docsEnabled;
    expect(docs({ NODE_ENV: 'development' })).toBe(true);
    expect(docs({ NODE_ENV: 'test' })).toBe(true);
    expect(docs({ NODE_ENV: 'test', DOCS_ENABLED: 'false' })).toBe(false);
    expect(docs(PRODUCTION)).toBe(false);
    expect(docs({ ...PRODUCTION, DOCS_ENABLED: 'false' })).toBe(false);
    expect(docs({ ...PRODUCTION, DOCS_ENABLED: 'true' })).toBe(true);
    expect(problemsOf({ ...PRODUCTION, DOCS_ENABLED: 'yes' })).toEqual([expect.stringMatching(/^DOCS_ENABLED: /)]);
  });

  it("takes npm start's development default only when neither the environment nor .env names NODE_ENV", () => {
    const saved = process.env.NODE_ENV;
    const dir = mkdtempSync(join(tmpdir(), 'josh-env-'));
    try {
      delete process.env.NODE_ENV;
      expect(preflightConfig(join(dir, 'absent.env'), 'development').env.NODE_ENV).toBe('development');
      delete process.env.NODE_ENV;
      writeFileSync(join(dir, '.env'), 'NODE_ENV=production\n');
      expect(() => preflightConfig(join(dir, '.env'), 'development')).toThrow(/SMS_PROVIDER: the console provider/);
      process.env.NODE_ENV = 'production';
      expect(() => preflightConfig(join(dir, 'absent.env'), 'development')).toThrow(/SMS_PROVIDER: the console provider/);
    } finally {
      process.env.NODE_ENV = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets the migration CLI find its database without NODE_ENV or keys', () => {
    expect(validateDatabaseEnvironment({ DATABASE_URL: 'postgres://db/josh' })).toEqual({ DATABASE_URL: 'postgres://db/josh', EMBEDDED_PG_PORT: 54329 });
    expect(() => validateDatabaseEnvironment({ DATABASE_URL: 'mysql://db' })).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
  });

  it('reports every bad variable, one line each', () => {
    try {
      validateEnvironment({ PORT: 'abc', SMS_PROVIDER: 'carrier-pigeon', PUBLIC_BASE_URL: 'not a url' });
      throw new Error('expected a ConfigValidationError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigValidationError);
      const problems = (err as ConfigValidationError).problems.join('\n');
      expect(problems.match(/^PORT: /gm)).toEqual(['PORT: ']); // one line, the type error only
      expect(problems).toMatch(/^PORT: PORT must be an integer number$/m);
      expect(problems).toMatch(/^SMS_PROVIDER: /m);
      expect(problems).toMatch(/^PUBLIC_BASE_URL: /m);
    }
  });

  it('refuses production with development keys or the console provider', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x/y', PUBLIC_BASE_URL: 'https://josh.example.com' })).toThrow(
      /SMS_PROVIDER: the console provider[\s\S]*SMS_ENCRYPTION_KEYS: the development key[\s\S]*PHONE_HASH_PEPPER/,
    );
  });

  it('accepts a proper production configuration', () => {
    expect(validateEnvironment(PRODUCTION).NODE_ENV).toBe('production');
  });

  it('requires the Twilio and Stripe keys their modes need', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'test', SMS_PROVIDER: 'twilio' })).toThrow(/TWILIO_ACCOUNT_SID: required/);
    expect(() => validateEnvironment({ NODE_ENV: 'test', BILLING_MODE: 'stripe' })).toThrow(/STRIPE_SECRET_KEY: required/);
  });

  it('checks the keyring: 32-byte keys and a current version that exists', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'test', SMS_ENCRYPTION_KEYS: '1:c2hvcnQ=' })).toThrow(/32 bytes/);
    expect(() => validateEnvironment({ NODE_ENV: 'test', SMS_ENCRYPTION_KEY_VERSION: '2' })).toThrow(/version 2 is not in/);
  });

  it('validates module sections against the same environment', () => {
    const test = { NODE_ENV: 'test' };
    expect(AppConfig.fromEnvironment(test).section(DemoSettings).DEMO_TIMEOUT_SECONDS).toBe(30);
    expect(AppConfig.fromEnvironment({ ...test, DEMO_TIMEOUT_SECONDS: '45' }).section(DemoSettings).DEMO_TIMEOUT_SECONDS).toBe(45);
    expect(() => AppConfig.fromEnvironment({ ...test, DEMO_TIMEOUT_SECONDS: '0' }).section(DemoSettings)).toThrow(/DEMO_TIMEOUT_SECONDS/);
  });
});
