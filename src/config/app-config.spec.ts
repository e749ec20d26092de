import { IsInt, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { AppConfig } from './app-config';
import { ConfigValidationError, DEV_PHONE_HASH_PEPPER, validateEnvironment } from './env.schema';

class DemoSettings {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  DEMO_TIMEOUT_SECONDS = 30;
}

describe('configuration', () => {
  it('starts with no environment at all, on development defaults', () => {
    const env = validateEnvironment({});
    expect(env.SMS_PROVIDER).toBe('console');
    expect(env.BILLING_MODE).toBe('free');
    expect(env.PORT).toBe(3000);
    expect(env.PHONE_HASH_PEPPER).toBe(DEV_PHONE_HASH_PEPPER);
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
    expect(() => validateEnvironment({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x/y' })).toThrow(
      /SMS_PROVIDER: the console provider[\s\S]*SMS_ENCRYPTION_KEYS: the development key[\s\S]*PHONE_HASH_PEPPER/,
    );
  });

  it('accepts a proper production configuration', () => {
    const env = validateEnvironment({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/josh',
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32),
      TWILIO_AUTH_TOKEN: 'secret',
      TWILIO_FROM_NUMBER: '+15550001111',
      SMS_ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 7).toString('base64')}`,
      PHONE_HASH_PEPPER: 'a-real-production-pepper-value',
    });
    expect(env.NODE_ENV).toBe('production');
  });

  it('requires the Twilio and Stripe keys their modes need', () => {
    expect(() => validateEnvironment({ SMS_PROVIDER: 'twilio' })).toThrow(/TWILIO_ACCOUNT_SID: required/);
    expect(() => validateEnvironment({ BILLING_MODE: 'stripe' })).toThrow(/STRIPE_SECRET_KEY: required/);
  });

  it('checks the keyring: 32-byte keys and a current version that exists', () => {
    expect(() => validateEnvironment({ SMS_ENCRYPTION_KEYS: '1:c2hvcnQ=' })).toThrow(/32 bytes/);
    expect(() => validateEnvironment({ SMS_ENCRYPTION_KEY_VERSION: '2' })).toThrow(/version 2 is not in/);
  });

  it('validates module sections against the same environment', () => {
    expect(AppConfig.fromEnvironment({}).section(DemoSettings).DEMO_TIMEOUT_SECONDS).toBe(30);
    expect(AppConfig.fromEnvironment({ DEMO_TIMEOUT_SECONDS: '45' }).section(DemoSettings).DEMO_TIMEOUT_SECONDS).toBe(45);
    expect(() => AppConfig.fromEnvironment({ DEMO_TIMEOUT_SECONDS: '0' }).section(DemoSettings)).toThrow(/DEMO_TIMEOUT_SECONDS/);
  });
});
