import request from 'supertest';
import { DataSource } from 'typeorm';
import { RateLimiter } from '../../src/common/rate-limit';
import { startTestApp, TestApp } from '../support/app';
import { registrationBody } from '../support/registration-helpers';

// The generic limiter counts in PostgreSQL: a limit holds across instances, and refused hits are
// not counted. The per-IP guard answers 429 with Retry-After.
describe('RateLimiter (PostgreSQL counters)', () => {
  let a: TestApp;
  let b: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({}, a.db);
    db = a.app.get(DataSource);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('lets exactly `limit` of many simultaneous hits through, across two instances', async () => {
    const limiters = [a.app.get(RateLimiter), b.app.get(RateLimiter)];
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => limiters[i % 2].consume('test:burst', 7, 3600)));
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
    const refused = results.filter((r) => !r.allowed);
    expect(refused.every((r) => r.retryAfterSeconds >= 1 && r.retryAfterSeconds <= 3600)).toBe(true);
    // Refused hits are not counted.
    expect(await db.query(`select hits from rate_limit_counters where key = 'test:burst'`)).toEqual([{ hits: 7 }]);
  });

  it('keeps keys apart', async () => {
    const limiter = a.app.get(RateLimiter);
    expect((await limiter.consume('test:k1', 1, 60)).allowed).toBe(true);
    expect((await limiter.consume('test:k1', 1, 60)).allowed).toBe(false);
    expect((await limiter.consume('test:k2', 1, 60)).allowed).toBe(true);
  });

  it('in a sliding window, still counts the previous window for the part of it inside the span', async () => {
    const limiter = a.app.get(RateLimiter);
    // A previous window far over the limit: its share keeps counting until the current window is
    // all but over (a sliding span, not a reset on the hour).
    const [{ start }] = await db.query(`select (floor(extract(epoch from clock_timestamp()) / 3600) * 3600)::bigint as start`);
    await db.query(
      `insert into rate_limit_counters (key, window_start, hits, expires_at) values ($1, to_timestamp($2), 1000000, to_timestamp($2 + 7200))`,
      ['test:slide', Number(start) - 3600],
    );
    const sliding = await limiter.consume('test:slide', 10, 3600, undefined, { window: 'sliding' });
    expect(sliding.allowed).toBe(false);
    expect(sliding.retryAfterSeconds).toBeGreaterThan(0);
    expect(sliding.retryAfterSeconds).toBeLessThanOrEqual(3600);
    // A fixed window starts from zero.
    expect((await limiter.consume('test:slide', 10, 3600)).allowed).toBe(true);
  });

  it('can count inside a transaction, undone if it rolls back', async () => {
    const limiter = a.app.get(RateLimiter);
    await db.transaction(async (m) => {
      expect((await limiter.consume('test:tx', 1, 60, m)).allowed).toBe(true);
      throw new Error('rollback');
    }).catch(() => undefined);
    expect((await limiter.consume('test:tx', 1, 60)).allowed).toBe(true);
  });

  it('the sweep deletes counters whose windows are over', async () => {
    await db.query(`insert into rate_limit_counters (key, window_start, hits, expires_at) values ('test:old', now() - interval '2 hours', 3, now() - interval '1 hour')`);
    expect(await a.app.get(RateLimiter).deleteExpired()).toBeGreaterThanOrEqual(1);
    expect(await db.query(`select count(*)::int as n from rate_limit_counters where key = 'test:old'`)).toEqual([{ n: 0 }]);
  });
});

describe('per-IP limits on registration and magic links', () => {
  let t: TestApp;
  const limited = { RATE_LIMIT_REGISTRATION_PER_IP: '3', RATE_LIMIT_VERIFICATION_PER_IP: '3', RATE_LIMIT_MAGIC_LINK_PER_IP: '3' };

  afterEach(() => t?.close());

  it('answers 429 with Retry-After and {code, message, correlationId}; a form post gets a page', async () => {
    t = await startTestApp(limited);
    const http = () => request(t.app.getHttpServer());
    for (let i = 0; i < 3; i++) await http().post('/v1/registrations').send(registrationBody()).expect(202);
    const refused = await http().post('/v1/registrations').send(registrationBody()).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toEqual({ code: 'rate_limited', message: expect.any(String), correlationId: expect.any(String), retryAfterSeconds: expect.any(Number) });
    const page = await http().post('/v1/registrations').type('form').send({ phone: 'x' }).expect(429);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Too many');
    expect(page.headers['retry-after']).toBeDefined();
    // Verification has its own budget.
    await http().post('/v1/registrations/verify').send({ phone: '+14155550100', code: '123456' }).expect(400);
  });

  it('limits /m/* per IP too, with the friendly page', async () => {
    t = await startTestApp(limited);
    const http = () => request(t.app.getHttpServer());
    for (let i = 0; i < 3; i++) await http().get(`/m/${'A'.repeat(43)}`).expect(404);
    const page = await http().get(`/m/${'A'.repeat(43)}`).expect(429);
    expect(page.text).toContain('Too many tries');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('believes X-Forwarded-For only through TRUST_PROXY hops', async () => {
    t = await startTestApp(limited); // TRUST_PROXY=0: the header is ignored, every request is 127.0.0.1
    const get = (ip: string) => request(t.app.getHttpServer()).get(`/m/${'B'.repeat(43)}`).set('x-forwarded-for', ip);
    for (let i = 0; i < 3; i++) await get(`203.0.113.${i}`).expect(404);
    await get('203.0.113.99').expect(429);
    await t.close();

    t = await startTestApp({ ...limited, TRUST_PROXY: '1' }); // one proxy: its X-Forwarded-For names the client
    const viaProxy = (ip: string) => request(t.app.getHttpServer()).get(`/m/${'C'.repeat(43)}`).set('x-forwarded-for', ip);
    for (let i = 0; i < 3; i++) await viaProxy('198.51.100.7').expect(404);
    await viaProxy('198.51.100.7').expect(429);
    await viaProxy('198.51.100.8').expect(404);
    // A client cannot pick its IP by adding entries: only the last hop's entry is believed.
    await viaProxy('10.0.0.1, 198.51.100.7').expect(429);
  });
});
