import { Logger } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { currentCorrelationId } from '../../src/common/context/request-context';
import { MemberDeletionService } from '../../src/modules/safety/deletion/member-deletion.service';
import { startTestApp, TestApp } from '../support/app';
import { textAs } from '../support/conversation-sms';
import { registerMember } from '../support/profile-helpers';
import { ageOtpSends, codeIn, latestCode, queuedJobs, registrationBody, uniqueUsPhone, withoutCorrelation } from '../support/registration-helpers';

// Issue 18, findings 1, 2, 5 and 6, each written as the attack on a running service (HTTP, signed
// webhooks, the dev sweeps endpoint). On the code before issue 18 part B, every one succeeded.

type Http = () => request.Agent | ReturnType<typeof request>;
const json = (t: TestApp) => () => request(t.app.getHttpServer());
const wrong = (code: string) => (code === '000000' ? '999999' : '000000');
const countAlerts = (spy: jest.SpyInstance, alert: string) => spy.mock.calls.filter(([line]) => line?.alert === alert).length;

describe('SMS pumping (finding 1)', () => {
  let t: TestApp;
  let db: DataSource;
  let errors: jest.SpyInstance;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error');
  });
  afterEach(() => errors.mockRestore());

  it('numbers outside REGISTRATION_COUNTRIES (default US) get a 422 before anything is written or texted', async () => {
    const http = json(t);
    // The review's numbers: the UK, Nigeria, a Canadian +1 number, an international satellite number.
    for (const phone of ['+44 7911 123456', '+234 803 123 4567', '+1 604 555 0123', '+882 16 5000 0000']) {
      const res = await http().post('/v1/registrations').send(registrationBody({ phone })).expect(422);
      const codes = (res.body.fields as Array<{ field: string; code: string }>).map((f) => `${f.field}:${f.code}`);
      expect({ phone, codes }).toEqual({ phone, codes: [expect.stringMatching(/^phone:(unsupported_country|invalid_phone)$/)] });
    }
    const form = await http().post('/v1/registrations').type('form')
      .send({ ...registrationBody({ phone: '+44 7911 123456' }), smsConsent: 'on', ageConsent: 'on', termsConsent: 'on', privacyConsent: 'on' })
      .expect(422);
    expect(form.text).toContain('not available for numbers from this country');
    expect(await db.query(`select (select count(*) from users)::int as users, (select count(*) from sms_outbound_jobs)::int as jobs`)).toEqual([{ users: 0, jobs: 0 }]);
  });

  it('the per-IP budget (@IpRateLimit) trips once with an ERROR line carrying a stable alert code', async () => {
    const limited = await startTestApp({ RATE_LIMIT_REGISTRATION_PER_IP: '3' });
    try {
      const http = json(limited);
      for (let i = 0; i < 3; i++) await http().post('/v1/registrations').send(registrationBody()).expect(202);
      for (let i = 0; i < 4; i++) expect((await http().post('/v1/registrations').send(registrationBody()).expect(429)).body.code).toBe('rate_limited');
      expect(countAlerts(errors, 'ip_rate_limit_exhausted')).toBe(1);
      const [line] = errors.mock.calls.find(([l]) => l?.alert === 'ip_rate_limit_exhausted')!;
      expect(line).toEqual({ msg: expect.any(String), alert: 'ip_rate_limit_exhausted', scope: 'registration', client: expect.stringMatching(/^[0-9a-f]{12}$/) });
    } finally {
      await limited.close();
    }
  });

  it('the global daily budget holds across two instances: 503 past it, no SMS, one ERROR line', async () => {
    const env = { OTP_DAILY_BUDGET: '5' };
    const a = await startTestApp(env);
    const b = await startTestApp(env, a.db);
    try {
      const phones = Array.from({ length: 12 }, () => uniqueUsPhone().e164);
      const results = await Promise.all(phones.map((phone, i) => json(i % 2 ? b : a)().post('/v1/registrations').send(registrationBody({ phone }))));
      expect(results.filter((r) => r.status === 202)).toHaveLength(5);
      const refused = results.filter((r) => r.status !== 202);
      expect(refused.map((r) => r.status)).toEqual(Array(7).fill(503));
      for (const r of refused) {
        expect(r.body).toMatchObject({ code: 'registrations_paused', retryAfterSeconds: expect.any(Number) });
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      }
      const adb = a.app.get(DataSource);
      expect(await adb.query(`select count(*)::int as n from sms_outbound_jobs where purpose = 'otp'`)).toEqual([{ n: 5 }]);
      // Refused registrations left nothing behind (their transaction rolled back).
      expect(await adb.query(`select count(*)::int as n from users`)).toEqual([{ n: 5 }]);
      expect(countAlerts(errors, 'otp_daily_budget_exhausted')).toBe(1);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('lockout and hijack by someone who knows the number (finding 2)', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it("a stranger cannot burn the owner's tries: by number, with their own verification, or with guessed ids", async () => {
    const http = json(t);
    const { e164 } = uniqueUsPhone();
    const owner = await http().post('/v1/registrations').send(registrationBody({ phone: e164 })).expect(202);
    const code = await latestCode(t.app, e164);

    // The old attack: five wrong codes for the number. The number alone no longer addresses anything.
    for (let i = 0; i < 5; i++) {
      const res = await http().post('/v1/registrations/verify').send({ phone: e164, code: wrong(code) }).expect(422);
      expect(res.body.fields).toContainEqual({ field: 'phone', code: 'use_verification_id', message: expect.any(String) });
    }
    // The stranger registers the number to get a verification of their own, and burns it.
    await ageOtpSends(t.app, e164, 31);
    const stranger = await http().post('/v1/registrations').send(registrationBody({ phone: e164, firstName: 'Mallory' })).expect(202);
    for (let i = 0; i < 6; i++) {
      await http().post('/v1/registrations/verify').send({ verificationId: stranger.body.verificationId, code: wrong(code) }).expect(400);
      await http().post('/v1/registrations/verify').send({ verificationId: crypto.randomUUID(), code: wrong(code) }).expect(400);
    }
    // The owner's verification is untouched, and the code they got first still works.
    expect(await db.query(`select attempts from registration_verifications where id = $1`, [owner.body.verificationId])).toEqual([{ attempts: 0 }]);
    await http().post('/v1/registrations/verify').send({ verificationId: owner.body.verificationId, code }).expect(200);
  });

  it("a re-registration from elsewhere neither overwrites the pending details nor cancels the code already sent", async () => {
    const http = json(t);
    const { e164 } = uniqueUsPhone();
    const owner = await http().post('/v1/registrations').send(registrationBody({ phone: e164, firstName: 'Ada', email: 'ada@example.com' })).expect(202);
    await ageOtpSends(t.app, e164, 31);
    await http().post('/v1/registrations').send(registrationBody({ phone: e164, firstName: 'Mallory', lastName: 'Evil', email: 'mallory@example.com', zip: '10001' })).expect(202);
    expect(await db.query(`select first_name, email from users where phone_e164 = $1`, [e164])).toEqual([{ first_name: 'Ada', email: 'ada@example.com' }]);

    const otps = (await queuedJobs(t.app, e164)).filter((j) => j.purpose === 'otp');
    expect(otps).toHaveLength(2);
    // The owner types the code of the first SMS: still valid, and the owner's details are the member's.
    await http().post('/v1/registrations/verify').send({ verificationId: owner.body.verificationId, code: codeIn(otps[0].body) }).expect(200);
    const [u] = await db.query(
      `select u.first_name, u.last_name, u.email, p.postal_code from users u join user_postal_codes p on p.user_id = u.id where u.phone_e164 = $1`,
      [e164],
    );
    expect(u).toEqual({ first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', postal_code: '94110' });
  });

  it('wrong codes count per client IP: a guesser is stopped, the owner on another network is not', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: '1', OTP_MAX_WRONG_CODES_PER_IP_PER_HOUR: '3' }, t.db);
    try {
      const from = (ip: string) => ({ post: (path: string) => request(proxied.app.getHttpServer()).post(path).set('x-forwarded-for', ip) });
      const guesser = from('203.0.113.9');
      const ownerNet = from('198.51.100.20');
      const { e164 } = uniqueUsPhone();
      const owner = await ownerNet.post('/v1/registrations').send(registrationBody({ phone: e164 })).expect(202);
      const code = await latestCode(proxied.app, e164);
      // A right code is not counted against its IP: verify a first member from the guesser's network.
      const other = uniqueUsPhone().e164;
      const first = await guesser.post('/v1/registrations').send(registrationBody({ phone: other })).expect(202);
      await guesser.post('/v1/registrations/verify').send({ verificationId: first.body.verificationId, code: await latestCode(proxied.app, other) }).expect(200);
      // Three wrong codes on three verification ids, then the guesser's IP is refused outright.
      for (let i = 0; i < 3; i++) await guesser.post('/v1/registrations/verify').send({ verificationId: crypto.randomUUID(), code: wrong(code) }).expect(400);
      const refused = await guesser.post('/v1/registrations/verify').send({ verificationId: owner.body.verificationId, code: wrong(code) }).expect(429);
      expect(refused.body.code).toBe('rate_limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      await ownerNet.post('/v1/registrations/verify').send({ verificationId: owner.body.verificationId, code }).expect(200);
    } finally {
      await proxied.close();
    }
  });
});

describe('verify takes the same database work on every refused path (finding 6)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  // Every SQL statement the service sends while handling one request, by its X-Request-Id.
  function recordStatements(): { of: (requestId: string) => string[]; stop: () => void } {
    const logger = t.app.get(DataSource).logger;
    const original = logger.logQuery;
    const seen = new Map<string, string[]>();
    logger.logQuery = (query: string, ...rest: unknown[]) => {
      const id = currentCorrelationId();
      if (id) seen.set(id, [...(seen.get(id) ?? []), query.replace(/\s+/g, ' ').trim()]);
      return (original as (...a: unknown[]) => unknown).call(logger, query, ...rest);
    };
    return { of: (id) => seen.get(id) ?? [], stop: () => void (logger.logQuery = original) };
  }

  it('unknown ids, wrong codes, expired, exhausted, used and decoy verifications run identical statements and answer alike', async () => {
    const http = json(t);
    const register = async (phone = uniqueUsPhone().e164) => {
      const res = await http().post('/v1/registrations').send(registrationBody({ phone })).expect(202);
      return { id: res.body.verificationId as string, code: await latestCode(t.app, phone), phone };
    };
    const verify = (verificationId: string, code: string) => {
      const requestId = crypto.randomUUID();
      return http().post('/v1/registrations/verify').set('x-request-id', requestId).send({ verificationId, code }).then((res) => ({ res, requestId }));
    };
    const expired = await register();
    t.app.get(Clock).advance(601_000); // expires it; the others register after

    const pending = await register();
    const exhausted = await register();
    for (let i = 0; i < 5; i++) await verify(exhausted.id, wrong(exhausted.code));
    const used = await register();
    await verify(used.id, used.code);
    const member = await register();
    await verify(member.id, member.code);
    await ageOtpSends(t.app, member.phone, 31);
    const decoy = (await http().post('/v1/registrations').send(registrationBody({ phone: member.phone })).expect(202)).body.verificationId as string;

    const rec = recordStatements();
    let paths: Record<string, Awaited<ReturnType<typeof verify>>>;
    try {
      paths = {
        unknown: await verify(crypto.randomUUID(), wrong(pending.code)),
        wrongCode: await verify(pending.id, wrong(pending.code)),
        expired: await verify(expired.id, expired.code),
        exhausted: await verify(exhausted.id, exhausted.code),
        used: await verify(used.id, used.code),
        decoy: await verify(decoy, member.code),
      };
    } finally {
      rec.stop();
    }
    const reference = rec.of(paths.unknown.requestId);
    // The capture works: the locking reads and the counting update are there.
    expect(reference.some((q) => /from registration_verifications v join otp_sessions/.test(q))).toBe(true);
    expect(reference.some((q) => /update registration_verifications set attempts = least\(attempts \+ 1, \$2\)/.test(q))).toBe(true);
    for (const [name, { res, requestId }] of Object.entries(paths)) {
      expect({ name, status: res.status, body: withoutCorrelation(res.body) }).toEqual({ name, status: 400, body: withoutCorrelation(paths.unknown.res.body) });
      expect({ name, statements: rec.of(requestId) }).toEqual({ name, statements: reference });
    }
  });
});

describe('consent after STOP (finding 5)', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const form = (phone: string) => ({ ...registrationBody({ phone }), smsConsent: 'on', ageConsent: 'on', termsConsent: 'on', privacyConsent: 'on' });
  const otpJobs = async (phone: string) => (await queuedJobs(t.app, phone)).filter((j) => j.purpose === 'otp');

  it('a STOP from a number JOSH does not know is honoured when it registers: no code until it texts START', async () => {
    const http = json(t);
    const { e164 } = uniqueUsPhone();
    await textAs(t.app, e164, 'STOP');
    const res = await http().post('/v1/registrations').send(registrationBody({ phone: e164 })).expect(409);
    expect(res.body).toMatchObject({ code: 'sms_opted_out', message: expect.stringContaining('Text START') });
    const page = await http().post('/v1/registrations').type('form').send(form(e164)).expect(409);
    expect(page.text).toContain('Text START to JOSH');
    expect(await otpJobs(e164)).toEqual([]);
    expect(await db.query(`select 1 from users where phone_e164 = $1`, [e164])).toEqual([]);

    await textAs(t.app, e164, 'START');
    const ok = await http().post('/v1/registrations').send(registrationBody({ phone: e164 })).expect(202);
    await http().post('/v1/registrations/verify').send({ verificationId: ok.body.verificationId, code: await latestCode(t.app, e164) }).expect(200);
    expect(await db.query(`select sms_consent from users where phone_e164 = $1`, [e164])).toEqual([{ sms_consent: true }]);
  });

  it('a STOP between registration and verification holds: verifying does not turn consent back on', async () => {
    const http = json(t);
    const { e164 } = uniqueUsPhone();
    const reg = await http().post('/v1/registrations').send(registrationBody({ phone: e164 })).expect(202);
    const code = await latestCode(t.app, e164);
    await textAs(t.app, e164, 'STOP');
    await http().post('/v1/registrations/verify').send({ verificationId: reg.body.verificationId, code }).expect(200);
    expect(await db.query(`select state, sms_consent from users where phone_e164 = $1`, [e164])).toEqual([{ state: 'verified', sms_consent: false }]);
  });

  it('the web form never turns consent back on after a STOP (pending registration and member alike)', async () => {
    const http = json(t);
    const { e164: pending } = uniqueUsPhone();
    await http().post('/v1/registrations').send(registrationBody({ phone: pending })).expect(202);
    await textAs(t.app, pending, 'STOP');
    const member = await registerMember(t.app);
    await textAs(t.app, member.phone, 'STOP');
    for (const phone of [pending, member.phone]) {
      await ageOtpSends(t.app, phone, 31);
      const before = (await otpJobs(phone)).length;
      const page = await http().post('/v1/registrations').type('form').send(form(phone)).expect(409);
      expect(page.text).toContain('opted out of texts from JOSH');
      expect(await db.query(`select sms_consent from users where phone_e164 = $1`, [phone])).toEqual([{ sms_consent: false }]);
      expect(await otpJobs(phone)).toHaveLength(before);
    }
  });
});

describe('unverified registrations are purged by the token sweep after 7 days', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('through POST /dev/sweeps/run: stale ones go, recent and verified ones stay, a returning deleted member goes back to its tombstone', async () => {
    const http: Http = json(t);
    const stale = uniqueUsPhone().e164;
    await http().post('/v1/registrations').send(registrationBody({ phone: stale })).expect(202);
    const member = await registerMember(t.app);
    // A deleted member's number registers again and never verifies: its safety history must survive.
    const returning = await registerMember(t.app);
    await db.query(
      `insert into user_strikes (user_id, strike_type, points, reason, window_start, window_end) values ($1, 'report', 2, 'test', now(), now() + interval '90 days')`,
      [returning.userId],
    );
    await db.query(`insert into user_blocks (blocker_user_id, blocked_user_id) values ($1, $2)`, [member.userId, returning.userId]);
    await t.app.get(MemberDeletionService).deleteMember(returning.userId, { type: 'admin', adminId: '00000000-0000-4000-8000-000000000001' });
    await ageOtpSends(t.app, returning.phone, 3600);
    await db.query(`update sms_outbound_jobs set created_at = created_at - interval '2 hours' where user_id = $1`, [returning.userId]);
    await http().post('/v1/registrations').send(registrationBody({ phone: returning.phone, firstName: 'Stranger' })).expect(202);
    const history = async () => (await db.query(
      `select (select count(*) from user_strikes where user_id = $1)::int as strikes, (select count(*) from user_blocks where blocked_user_id = $1)::int as blocks`,
      [returning.userId],
    ))[0];
    expect(await history()).toEqual({ strikes: 1, blocks: 1 });

    await http().post('/dev/clock').send({ advanceMinutes: 8 * 24 * 60 }).expect(200);
    // Registered within the window (a day before the sweep): kept.
    const recent = uniqueUsPhone().e164;
    await http().post('/v1/registrations').send(registrationBody({ phone: recent })).expect(202);
    await http().post('/dev/sweeps/run').expect(200);

    const state = async (phone: string) => (await db.query(`select state from users where phone_hash = (select phone_hash from users where phone_e164 = $1)`, [phone]))[0]?.state;
    expect(await db.query(`select 1 from users where phone_e164 = $1`, [stale])).toEqual([]);
    expect(await state(recent)).toBe('unverified');
    expect(await state(member.phone)).toBe('verified');
    const [tomb] = await db.query(`select state, first_name, phone_e164 from users where id = $1`, [returning.userId]);
    expect(tomb).toEqual({ state: 'deleted', first_name: '', phone_e164: `deleted:${returning.userId}` });
    expect(await history()).toEqual({ strikes: 1, blocks: 1 });
    expect(await db.query(`select count(*)::int as n from otp_sessions where user_id = $1`, [returning.userId])).toEqual([{ n: 0 }]);
  });
});
