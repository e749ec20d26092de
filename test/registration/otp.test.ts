import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { ageOtpSends, codeIn, latestCode, queuedJobs, registrationBody, uniqueUsPhone, withoutCorrelation } from '../support/registration-helpers';
import { Clock } from '../../src/common/clock';
import { OtpService } from '../../src/modules/identity/otp.service';
import { VerificationService } from '../../src/modules/identity/registration/verification.service';
import { blockedBy, holdLock } from '../support/lock-waits';

describe('OTP verification and resend throttle', () => {
  let t: TestApp;
  let db: DataSource;
  let clock: Clock;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    clock = t.app.get(Clock);
  });
  afterAll(() => t.close());

  const http = () => request(t.app.getHttpServer());
  const register = (phone: string, over: Record<string, unknown> = {}) =>
    http().post('/v1/registrations').send(registrationBody({ phone, ...over }));
  const verify = (verificationId: string, code: string) => http().post('/v1/registrations/verify').send({ verificationId, code });
  const idOf = (res: request.Response): string => res.body.verificationId;
  const wrong = (code: string) => (code === '000000' ? '999999' : '000000');
  const userState = async (phone: string) => (await db.query(`select state from users where phone_e164 = $1`, [phone]))[0]?.state;

  it('5 wrong codes, then the right one is refused too (for that verification)', async () => {
    const { e164 } = uniqueUsPhone();
    const id = idOf(await register(e164).expect(202));
    const code = await latestCode(t.app, e164);
    for (let i = 0; i < 5; i++) {
      const res = await verify(id, wrong(code)).expect(400);
      expect(res.body.code).toBe('invalid_code');
    }
    const [s] = await db.query(`select attempts from registration_verifications where id = $1`, [id]);
    expect(s.attempts).toBe(5);
    expect((await verify(id, code).expect(400)).body.code).toBe('invalid_code');
    expect(await userState(e164)).toBe('unverified');
  });

  it('4 wrong codes still leave the right one working', async () => {
    const { e164 } = uniqueUsPhone();
    const id = idOf(await register(e164).expect(202));
    const code = await latestCode(t.app, e164);
    for (let i = 0; i < 4; i++) await verify(id, wrong(code)).expect(400);
    await verify(id, code).expect(200);
  });

  it('an expired code is refused', async () => {
    const { e164 } = uniqueUsPhone();
    const id = idOf(await register(e164).expect(202));
    const code = await latestCode(t.app, e164);
    clock.advance(601_000);
    expect((await verify(id, code).expect(400)).body.code).toBe('invalid_code');
    expect(await userState(e164)).toBe('unverified');
  });

  it('a used code cannot be used again, and verification happens once', async () => {
    const { e164 } = uniqueUsPhone();
    const id = idOf(await register(e164).expect(202));
    const code = await latestCode(t.app, e164);
    const results = await Promise.all([verify(id, code), verify(id, code), verify(id, code)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
    expect((await verify(id, code).expect(400)).body.code).toBe('invalid_code');
    const [n] = await db.query(
      `select count(*)::int as n from sms_outbound_jobs j join users u on u.id = j.user_id where u.phone_e164 = $1 and j.purpose = 'interview'`,
      [e164],
    );
    expect(n.n).toBe(1);
  });

  it('20 concurrent registrations of one number send exactly one code', async () => {
    const { e164 } = uniqueUsPhone();
    const results = await Promise.all(Array.from({ length: 20 }, () => register(e164)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([202, ...Array(19).fill(429)]);
    const throttled = results.find((r) => r.status === 429)!;
    expect(throttled.body).toMatchObject({ code: 'otp_throttled', retryAfterSeconds: expect.any(Number) });
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await queuedJobs(t.app, e164)).filter((j) => j.purpose === 'otp')).toHaveLength(1);
    const [row] = await db.query(
      `select (select count(*) from users where phone_e164 = $1)::int as users,
              (select count(*) from otp_sessions o join users u on u.id = o.user_id where u.phone_e164 = $1)::int as sessions`,
      [e164],
    );
    expect(row).toEqual({ users: 1, sessions: 1 });
  });

  it('20 concurrent resends after the interval send exactly one more SMS, with the same code', async () => {
    const { e164 } = uniqueUsPhone();
    await register(e164).expect(202);
    await ageOtpSends(t.app, e164, 31);
    const results = await Promise.all(Array.from({ length: 20 }, () => register(e164)));
    expect(results.map((r) => r.status).sort()).toEqual([202, ...Array(19).fill(429)]);
    const otps = (await queuedJobs(t.app, e164)).filter((j) => j.purpose === 'otp');
    expect(otps).toHaveLength(2);
    expect(codeIn(otps[1].body)).toBe(codeIn(otps[0].body));
  });

  it('20 concurrent registrations of a verified number: one 202 and one heads-up, 19 x 429', async () => {
    const { e164 } = uniqueUsPhone();
    await verify(idOf(await register(e164).expect(202)), await latestCode(t.app, e164)).expect(200);
    await ageOtpSends(t.app, e164, 31);
    const results = await Promise.all(Array.from({ length: 20 }, () => register(e164)));
    expect(results.map((r) => r.status).sort()).toEqual([202, ...Array(19).fill(429)]);
    const jobs = await queuedJobs(t.app, e164);
    expect(jobs.filter((j) => j.idempotencyKey.startsWith('registration-notice:'))).toHaveLength(1);
    // The only code ever sent is the first registration's.
    expect(jobs.filter((j) => j.idempotencyKey.startsWith('otp:'))).toHaveLength(1);
    expect(await userState(e164)).toBe('verified');
  });

  // Wrong codes from 20 clients at once (the per-IP budget is another test's subject).
  const verifyFrom = (verificationId: string, code: string, client: string) =>
    t.app.get(VerificationService).verify({ verificationId, code }, client, 'test').then(() => 200, (e: { code?: string }) => e.code);

  it('20 concurrent wrong codes: every one refused, the verification spent at exactly 5 tries (the session counts all 20), the right code after them refused', async () => {
    const { e164 } = uniqueUsPhone();
    const id = idOf(await register(e164).expect(202));
    const code = await latestCode(t.app, e164);
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => verifyFrom(id, wrong(code), `client-${e164}-${i}`)));
    expect(outcomes).toEqual(Array(20).fill('invalid_code'));
    const [v] = await db.query(
      `select v.attempts, s.attempts as "sessionAttempts" from registration_verifications v join otp_sessions s on s.id = v.otp_session_id where v.id = $1`,
      [id],
    );
    expect(v).toEqual({ attempts: 5, sessionAttempts: 20 });
    expect(await verifyFrom(id, code, `client-${e164}-last`)).toBe('invalid_code');
    expect(await userState(e164)).toBe('unverified');
  });

  it('the right code waits for wrong codes counted at the same moment, and is refused when they reach 5', async () => {
    const { e164 } = uniqueUsPhone();
    const id = idOf(await register(e164).expect(202));
    const code = await latestCode(t.app, e164);
    // Another request checking a wrong code holds the verification row...
    const other = await holdLock(db, `select id from registration_verifications where id = $1 for update`, [id]);
    const right = verifyFrom(id, code, `client-${e164}`);
    try {
      expect(await blockedBy(db, other.pid, right)).toBe('waiting');
      // ...and commits the fifth wrong try: the right code, checked after it, is too late.
      await other.query(`update registration_verifications set attempts = 5 where id = $1`, [id]);
    } finally {
      await other.commit();
    }
    expect(await right).toBe('invalid_code');
    expect(await userState(e164)).toBe('unverified');
  });

  it('verification waits for the member row and re-reads it: a member verified meanwhile is not onboarded twice', async () => {
    const { e164 } = uniqueUsPhone();
    const id = idOf(await register(e164).expect(202));
    const code = await latestCode(t.app, e164);
    const [user] = await db.query(`select id from users where phone_e164 = $1`, [e164]);
    // A concurrent verification of the same member holds its row and commits it verified.
    const other = await holdLock(db, `select id from users where id = $1 for update`, [user.id]);
    const late = verifyFrom(id, code, `client-${e164}`);
    try {
      expect(await blockedBy(db, other.pid, late)).toBe('waiting');
      await other.query(`update users set state = 'verified' where id = $1`, [user.id]);
    } finally {
      await other.commit();
    }
    expect(await late).toBe('invalid_code');
    const [onboarded] = await db.query(`select count(*)::int as n from profiles where user_id = $1`, [user.id]);
    expect(onboarded.n).toBe(0);
  });

  it('registration waits for the member row: a resend never interleaves with another on the same number', async () => {
    const { e164 } = uniqueUsPhone();
    await register(e164).expect(202);
    await ageOtpSends(t.app, e164, 31);
    const [user] = await db.query(`select id from users where phone_e164 = $1`, [e164]);
    const other = await holdLock(db, `select id from users where id = $1 for update`, [user.id]);
    const resend = register(e164).then((r) => r.status);
    try {
      expect(await blockedBy(db, other.pid, resend)).toBe('waiting');
    } finally {
      await other.commit();
    }
    expect(await resend).toBe(202);
  });

  it('30 s between sends and at most 5 per hour', async () => {
    const { e164 } = uniqueUsPhone();
    await register(e164).expect(202);
    const early = await register(e164).expect(429);
    expect(early.body.retryAfterSeconds).toBeLessThanOrEqual(30);
    for (let i = 0; i < 4; i++) {
      await ageOtpSends(t.app, e164, 31);
      await register(e164).expect(202);
    }
    await ageOtpSends(t.app, e164, 31);
    const hourly = await register(e164).expect(429);
    // The oldest of the 5 sends is 5 x 31 s old: the hour frees up in about 3600 - 155 s.
    expect(hourly.body.retryAfterSeconds).toBeGreaterThan(3400);
    expect(hourly.body.retryAfterSeconds).toBeLessThanOrEqual(3446);
    await ageOtpSends(t.app, e164, hourly.body.retryAfterSeconds - 5);
    await register(e164).expect(429);
    await ageOtpSends(t.app, e164, 6);
    const last = idOf(await register(e164).expect(202));
    expect((await queuedJobs(t.app, e164)).filter((j) => j.purpose === 'otp')).toHaveLength(6);
    await verify(last, await latestCode(t.app, e164)).expect(200);
  });

  it('new, unverified and verified numbers get identical answers (and share the throttle)', async () => {
    const fresh = uniqueUsPhone().e164;
    const pending = uniqueUsPhone().e164;
    const member = uniqueUsPhone().e164;
    await register(pending).expect(202);
    const memberId = idOf(await register(member).expect(202));
    await verify(memberId, await latestCode(t.app, member)).expect(200);
    await ageOtpSends(t.app, pending, 31);
    await ageOtpSends(t.app, member, 31);

    const answers = await Promise.all([register(fresh), register(pending), register(member)]);
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    // Each carries a random verificationId (the member's is a decoy); the rest is identical.
    const ids = answers.map((a) => idOf(a));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(3);
    const rest = answers.map((a) => ({ ...a.body, verificationId: undefined }));
    expect(rest[1]).toEqual(rest[0]);
    expect(rest[2]).toEqual(rest[0]);
    expect(Object.keys(answers[0].headers).sort()).toEqual(Object.keys(answers[2].headers).sort());

    const again = await Promise.all([register(fresh), register(pending), register(member)]);
    expect(again.map((a) => a.status)).toEqual([429, 429, 429]);
    const bodies = again.map((a) => withoutCorrelation(a.body));
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);

    // The verified member's details did not change; they got a heads-up, not a code.
    const notices = (await queuedJobs(t.app, member)).filter((j) => j.idempotencyKey.startsWith('registration-notice:'));
    expect(notices).toHaveLength(1);
    expect(notices[0].body).not.toMatch(/\d{6}/);
    expect(await userState(member)).toBe('verified');
  });

  it('verify answers an unknown verificationId exactly like a wrong code', async () => {
    const known = uniqueUsPhone().e164;
    const id = idOf(await register(known).expect(202));
    const code = await latestCode(t.app, known);
    const a = await verify(crypto.randomUUID(), wrong(code));
    const b = await verify(id, wrong(code));
    expect(a.status).toBe(400);
    expect(b.status).toBe(a.status);
    expect(withoutCorrelation(b.body)).toEqual(withoutCorrelation(a.body));
  });

  it('the hourly sweep deletes expired sessions only', async () => {
    const expired = uniqueUsPhone().e164;
    const live = uniqueUsPhone().e164;
    await register(expired).expect(202);
    clock.advance(601_000);
    await register(live).expect(202);
    const count = async (phone: string) =>
      (await db.query(`select count(*)::int as n from otp_sessions o join users u on u.id = o.user_id where u.phone_e164 = $1`, [phone]))[0].n;
    expect(await t.app.get(OtpService).sweepExpiredSessions()).toBeGreaterThanOrEqual(1);
    expect(await count(expired)).toBe(0);
    expect(await count(live)).toBe(1);
  });
});
