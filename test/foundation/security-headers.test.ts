import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { postSignedSms } from '../support/twilio-webhooks';

// Issue 18, finding 8: security headers only on /join, and `trust proxy` true. Every answer now
// carries helmet's set (one place: src/common/web/page-headers.ts); pages keep their stricter CSP.
describe('security headers on every response', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const http = () => request(t.app.getHttpServer());

  const COMMON = {
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-permitted-cross-domain-policies': 'none',
  };
  const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  it('JSON answers, errors, 404s and webhooks: helmet set, a CSP that loads nothing, no-store', async () => {
    const answers = {
      health: await http().get('/health'),
      validation: await http().post('/v1/registrations').send({}),
      notFound: await http().get('/no-such-route'),
      badJson: await http().post('/v1/registrations').set('content-type', 'application/json').send('{"phone": '),
      webhook: await postSignedSms(t.app, { from: '+14155550100', body: 'hi' }),
      unsignedWebhook: await http().post('/webhooks/twilio/sms').type('form').send({ From: '+14155550100', Body: 'hi' }),
    };
    for (const [name, res] of Object.entries(answers)) {
      expect({ name, headers: res.headers }).toEqual({
        name,
        headers: expect.objectContaining({ ...COMMON, 'content-security-policy': API_CSP, 'cache-control': 'no-store' }),
      });
      expect({ name, poweredBy: res.headers['x-powered-by'] }).toEqual({ name, poweredBy: undefined });
    }
  });

  it("pages keep their own stricter set: no script at all, same-origin style and forms, no-store", async () => {
    for (const res of [await http().get('/join'), await http().get(`/m/${'A'.repeat(43)}`).set('accept', 'text/html')]) {
      expect(res.headers).toEqual(expect.objectContaining({
        ...COMMON,
        'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        'cache-control': 'no-store',
      }));
    }
  });

  it('the stylesheet stays cacheable; the OpenAPI page may load its own scripts and nothing else', async () => {
    const css = await http().get('/assets/app.css').expect(200);
    expect(css.headers['cache-control']).toMatch(/max-age=3600/);
    expect(css.headers['x-content-type-options']).toBe('nosniff');
    const docs = await http().get('/docs').expect(200);
    expect(docs.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(docs.headers['x-frame-options']).toBe('DENY');
  });

  it('no HSTS when the service is not served over https', async () => {
    const plain = await startTestApp({ PUBLIC_BASE_URL: 'http://localhost:3000' }, t.db);
    try {
      const res = await request(plain.app.getHttpServer()).get('/health');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-frame-options']).toBe('DENY');
    } finally {
      await plain.close();
    }
  });
});

// The per-IP limits key on req.ip: X-Forwarded-For is believed only through TRUST_PROXY hops.
describe('X-Forwarded-For spoofing against the registration limit', () => {
  const limited = { RATE_LIMIT_REGISTRATION_PER_IP: '2' };
  // An invalid body: the limit counts it (the guard runs first), nothing is written or texted.
  const attempt = (t: TestApp, xff: string) => request(t.app.getHttpServer()).post('/v1/registrations').set('x-forwarded-for', xff).send({});

  it('TRUST_PROXY=0: a forged X-Forwarded-For is ignored, every request is the socket address', async () => {
    const t = await startTestApp({ ...limited, TRUST_PROXY: '0' });
    try {
      await attempt(t, '203.0.113.1').expect(422);
      await attempt(t, '203.0.113.2').expect(422);
      await attempt(t, '203.0.113.3').expect(429);
    } finally {
      await t.close();
    }
  });

  it('TRUST_PROXY=1: only the entry the one proxy appended counts; entries a client prepends do not', async () => {
    const t = await startTestApp({ ...limited, TRUST_PROXY: '1' });
    try {
      await attempt(t, '198.51.100.7').expect(422);
      await attempt(t, '10.1.1.1, 198.51.100.7').expect(422);
      await attempt(t, '10.2.2.2, 198.51.100.7').expect(429);
      await attempt(t, '198.51.100.8').expect(422);
    } finally {
      await t.close();
    }
  });
});
