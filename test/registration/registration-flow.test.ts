import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { ageOtpSends, codeIn, outbox, queuedJobs, registrationBody, uniqueUsPhone } from '../support/registration-helpers';
import { PhoneHasher } from '../../src/common/crypto';
import { RegionsService } from '../../src/modules/regions';
import { FIRST_INTERVIEW_QUESTION } from '../../src/modules/profile/profile.service';

describe('registration over HTTP', () => {
  let t: TestApp;
  let db: DataSource;
  let openRegionId: string;
  let waitlistedRegionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    const regions = t.app.get(RegionsService);
    openRegionId = (
      await regions.upsertRegion({
        slug: 'test-sf', displayName: 'Test SF', state: 'open',
        geometry: { zips: ['94110', '94103'] }, rules: { timezone: 'America/Los_Angeles', min_density: 10 },
      })
    ).id;
    waitlistedRegionId = (
      await regions.upsertRegion({
        slug: 'test-nyc', displayName: 'Test NYC', state: 'waitlisted',
        geometry: { zips: ['10001'] }, rules: { timezone: 'America/New_York' },
      })
    ).id;
  });
  afterAll(() => t.close());

  const http = () => request(t.app.getHttpServer());

  it('register -> code by SMS -> verify -> member onboarded and first interview question sent', async () => {
    const phone = uniqueUsPhone();
    const reg = await http().post('/v1/registrations').send(registrationBody({ phone: phone.national })).expect(202);
    expect(reg.body).toEqual({ status: 'code_sent', message: expect.stringContaining('6-digit code') });

    const sent = await outbox(t.app, phone.e164);
    expect(sent).toEqual([{ purpose: 'otp', body: expect.stringMatching(/^Your JOSH code is \d{6}\./) }]);
    expect(sent[0].body).toMatch(/@josh\.test #\d{6}$/);

    const [user] = await db.query(`select id, state, phone_e164, phone_hash, first_name from users where phone_hash = $1`, [
      t.app.get(PhoneHasher).hash(phone.e164),
    ]);
    expect(user).toMatchObject({ state: 'unverified', phone_e164: phone.e164, first_name: 'Ada' });
    const [session] = await db.query(`select otp_hash, attempts, verified_at from otp_sessions where user_id = $1`, [user.id]);
    // Only the HMAC is stored, never the code.
    expect(session.otp_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(session.otp_hash).not.toContain(codeIn(sent[0].body));

    const ver = await http().post('/v1/registrations/verify').send({ phone: phone.e164, code: codeIn(sent[0].body) }).expect(200);
    expect(ver.body).toEqual({ status: 'verified', membership: { status: 'active', region: 'Test SF' } });

    const [after] = await db.query(`select state, region_id from users where id = $1`, [user.id]);
    expect(after).toEqual({ state: 'verified', region_id: openRegionId });
    expect(await db.query(`select region_id, status from region_memberships where user_id = $1`, [user.id])).toEqual([
      { region_id: openRegionId, status: 'active' },
    ]);
    expect(await db.query(`select mode from conversation_sessions where user_id = $1`, [user.id])).toEqual([{ mode: 'interviewing' }]);
    expect(await db.query(`select state from profiles where user_id = $1`, [user.id])).toEqual([{ state: 'empty' }]);
    expect(
      await db.query(`select eligible_to_participate, eligible_to_initiate, source from entitlements where user_id = $1`, [user.id]),
    ).toEqual([{ eligible_to_participate: true, eligible_to_initiate: true, source: 'free' }]);
    expect(await db.query(`select verified_at is not null as used from otp_sessions where user_id = $1`, [user.id])).toEqual([
      { used: true },
    ]);

    const all = await outbox(t.app, phone.e164);
    expect(all.slice(1)).toEqual([{ purpose: 'interview', body: FIRST_INTERVIEW_QUESTION }]);
  });

  it('a ZIP in a waitlisted region: membership waitlisted, one SMS saying so, then the interview', async () => {
    const phone = uniqueUsPhone();
    await http().post('/v1/registrations').send(registrationBody({ phone: phone.e164, zip: '10001' })).expect(202);
    const code = codeIn((await outbox(t.app, phone.e164))[0].body);
    const ver = await http().post('/v1/registrations/verify').send({ phone: phone.e164, code }).expect(200);
    expect(ver.body.membership).toEqual({ status: 'waitlisted', region: 'Test NYC' });

    const [m] = await db.query(
      `select m.region_id, m.status from region_memberships m join users u on u.id = m.user_id where u.phone_e164 = $1`,
      [phone.e164],
    );
    expect(m).toEqual({ region_id: waitlistedRegionId, status: 'waitlisted' });
    const sent = await outbox(t.app, phone.e164);
    expect(sent.map((s) => s.purpose)).toEqual(['otp', 'reply', 'interview']);
    expect(sent[1].body).toMatch(/waitlist/);
    expect(sent[1].body).toContain('Test NYC');

    // Ops opens the region (twice): active, and one SMS.
    const regions = t.app.get(RegionsService);
    await regions.openRegion(waitlistedRegionId, crypto.randomUUID());
    await regions.openRegion(waitlistedRegionId, crypto.randomUUID());
    const [after] = await db.query(
      `select m.status from region_memberships m join users u on u.id = m.user_id where u.phone_e164 = $1`,
      [phone.e164],
    );
    expect(after.status).toBe('active');
    const opened = (await outbox(t.app, phone.e164)).filter((s) => s.body.includes('now open in Test NYC'));
    expect(opened).toHaveLength(1);
  });

  it('a ZIP no region covers: waitlisted in the catch-all waitlist, postal code kept', async () => {
    const phone = uniqueUsPhone();
    await http().post('/v1/registrations').send(registrationBody({ phone: phone.e164, zip: '73301' })).expect(202);
    const code = codeIn((await outbox(t.app, phone.e164))[0].body);
    const ver = await http().post('/v1/registrations/verify').send({ phone: phone.e164, code }).expect(200);
    expect(ver.body.membership.status).toBe('waitlisted');
    const [row] = await db.query(
      `select r.slug, m.status, p.postal_code from users u
         join region_memberships m on m.user_id = u.id join regions r on r.id = m.region_id
         join user_postal_codes p on p.user_id = u.id
        where u.phone_e164 = $1`,
      [phone.e164],
    );
    expect(row).toEqual({ slug: 'waitlist', status: 'waitlisted', postal_code: '73301' });
    const jobs = await queuedJobs(t.app, phone.e164);
    expect(jobs.filter((j) => j.idempotencyKey.startsWith('waitlist:'))).toHaveLength(1);
  });

  it('re-registering an unverified number updates it and sends a new code that replaces the old one', async () => {
    const phone = uniqueUsPhone();
    await http().post('/v1/registrations').send(registrationBody({ phone: phone.e164, firstName: 'First' })).expect(202);
    const first = codeIn((await queuedJobs(t.app, phone.e164))[0].body);
    await ageOtpSends(t.app, phone.e164, 31);
    await http().post('/v1/registrations').send(registrationBody({ phone: phone.national, firstName: 'Second', zip: '94103' })).expect(202);
    const jobs = await queuedJobs(t.app, phone.e164);
    expect(jobs).toHaveLength(2);
    const [u] = await db.query(`select id, first_name from users where phone_e164 = $1`, [phone.e164]);
    expect(u.first_name).toBe('Second');
    expect(await db.query(`select count(*)::int as n from otp_sessions where user_id = $1`, [u.id])).toEqual([{ n: 1 }]);
    const second = codeIn(jobs[1].body);
    if (first !== second) {
      await http().post('/v1/registrations/verify').send({ phone: phone.e164, code: first }).expect(400);
    }
    await http().post('/v1/registrations/verify').send({ phone: phone.e164, code: second }).expect(200);
  });

  it('the /join page registers and verifies with plain form posts', async () => {
    const page = await http().get('/join').expect(200).expect('content-type', /text\/html/);
    expect(page.text).toContain('action="/v1/registrations"');
    expect(page.text).toContain('name="viewport"');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");

    const phone = uniqueUsPhone();
    const form = { ...registrationBody({ phone: phone.national }), smsConsent: 'on', ageConsent: 'on', termsConsent: 'on', privacyConsent: 'on' };
    const bad = await http().post('/v1/registrations').type('form').send({ ...form, birthday: '2020-01-01', firstName: '<b>x</b>' }).expect(422);
    expect(bad.text).toContain('You must be at least 18');
    expect(bad.text).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(bad.text).not.toContain('<b>x</b>');

    const sent = await http().post('/v1/registrations').type('form').send(form).expect(200).expect('content-type', /text\/html/);
    expect(sent.text).toContain('autocomplete="one-time-code"');
    expect(sent.text).toContain(`name="phone" value="${phone.e164}"`);

    const code = codeIn((await outbox(t.app, phone.e164))[0].body);
    const wrong = await http().post('/v1/registrations/verify').type('form').send({ phone: phone.e164, code: code === '000000' ? '111111' : '000000' }).expect(400);
    expect(wrong.text).toContain('That code is not valid');
    const ok = await http().post('/v1/registrations/verify').type('form').send({ phone: phone.e164, code }).expect(200);
    expect(ok.text).toContain('JOSH is live in Test SF');
  });
});
