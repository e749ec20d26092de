import { validateEnvironment } from '../../config';

const stripe = { NODE_ENV: 'test', BILLING_MODE: 'stripe', STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc', STRIPE_PRICE_ID: 'price_abc' };

// BILLING_MODE=stripe and STRIPE_API_BASE, validated at boot with one line per problem.
describe('billing configuration', () => {
  it('stays free by default and needs no Stripe keys then', () => {
    expect(validateEnvironment({ NODE_ENV: 'test' }).BILLING_MODE).toBe('free');
  });

  it('requires the secret key, the webhook secret and the price in stripe mode, one line each', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'test', BILLING_MODE: 'stripe' })).toThrow(
      /STRIPE_SECRET_KEY: required when BILLING_MODE=stripe\n {2}- STRIPE_WEBHOOK_SECRET: required when BILLING_MODE=stripe\n {2}- STRIPE_PRICE_ID: required when BILLING_MODE=stripe$/,
    );
    expect(() => validateEnvironment({ ...stripe, STRIPE_PRICE_ID: 'prod_abc' })).toThrow(/^ {2}- STRIPE_PRICE_ID: STRIPE_PRICE_ID must start with price_$/m);
    expect(validateEnvironment(stripe).STRIPE_PRICE_ID).toBe('price_abc');
  });

  it('takes STRIPE_API_BASE as a URL outside production, and refuses it in production', () => {
    expect(validateEnvironment({ ...stripe, STRIPE_API_BASE: 'http://127.0.0.1:12111' }).STRIPE_API_BASE).toBe('http://127.0.0.1:12111');
    expect(() => validateEnvironment({ ...stripe, STRIPE_API_BASE: 'not a url' })).toThrow(/STRIPE_API_BASE: STRIPE_API_BASE must be an http\(s\) URL/);
    expect(() => validateEnvironment({ ...stripe, NODE_ENV: 'production', STRIPE_API_BASE: 'http://127.0.0.1:12111' })).toThrow(
      /STRIPE_API_BASE: points Stripe at another server; not allowed in production/,
    );
  });
});
