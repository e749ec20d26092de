import request from 'supertest';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { startTestApp, TestApp } from '../support/app';

// /dev/phone's page, fragments and actions through HTTP (the browser test drives the same page in
// Chromium, with the live stream).
const json = { accept: 'application/json' };

// The visible text of an HTML fragment (tags dropped, entities of quotes undone).
function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

describe('/dev/phone', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  let ada: { userId: string; phone: string; firstName: string };
  let ben: { userId: string; phone: string; firstName: string };

  const card = async (id: string) => textOf((await http().get(`/dev/phone/members/${id}/card`).expect(200)).text);
  const say = (id: string, body: string) => http().post(`/dev/phone/members/${id}/texts`).set(json).send({ body }).expect(200);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves the page with its own script under a strict policy, and nothing to show yet', async () => {
    const page = await http().get('/dev/phone').set('accept', 'text/html').expect(200);
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('<script src="/dev/phone/assets/phone.js" defer></script>');
    expect(page.text).toContain('No phones yet');
    expect(page.text).not.toMatch(/<script>|on(click|submit)=/); // nothing inline
    const script = await http().get('/dev/phone/assets/phone.js').expect(200);
    expect(script.headers['content-type']).toMatch(/^application\/javascript/);
    expect(script.text).toContain("new EventSource('/dev/phone/events?members='");
  });

  it('adds members through the real registration and verification routes, in the demo region', async () => {
    ada = (await http().post('/dev/phone/members').set(json).send({}).expect(200)).body;
    ben = (await http().post('/dev/phone/members').set(json).send({}).expect(200)).body;
    expect([ada, ben]).toEqual([
      { userId: expect.any(String), phone: '+14155550100', firstName: 'Ada' },
      { userId: expect.any(String), phone: '+14155550101', firstName: 'Ben' },
    ]);
    const [row] = await t.app.get(DataSource).query(
      `select u.state, r.slug, s.mode, (select count(*)::int from otp_sessions o where o.user_id = u.id and o.verified_at is not null) as verified
         from users u join regions r on r.id = u.region_id join conversation_sessions s on s.user_id = u.id where u.id = $1`,
      [ada.userId],
    );
    expect(row).toEqual({ state: 'verified', slug: 'demo-sf', mode: 'interviewing', verified: 1 });
    const text = await card(ada.userId);
    expect(text).toMatch(/Your JOSH code is \d{6}\..* otp /);
    expect(text).toMatch(/\(1\/11\) Which of these sound fun\?/);
    expect(text).toContain('profile empty');
    expect(text).toContain('mode interviewing');
    // Without ?members the page shows the simulator's members.
    const page = await http().get('/dev/phone').set('accept', 'text/html').expect(200);
    expect(page.text).toContain(`id="phone-${ada.userId}"`);
    expect(page.text).toContain(`id="phone-${ben.userId}"`);
  });

  it('runs the interview by typing, or with the persona\'s answers in one click', async () => {
    for (const answer of ['coffee', 'weekend mornings', 'small', 'slow', 'both', 'nothing', 'later']) await say(ada.userId, answer);
    const answered = await http().post(`/dev/phone/members/${ben.userId}/interview`).set(json).send({}).expect(200);
    expect(answered.body.sent).toEqual(['coffee, hike', 'weekend mornings', 'handful', 'deep', 'asking', 'late nights', 'later']);
    for (const id of [ada.userId, ben.userId]) {
      const text = await card(id);
      expect(text).toContain('member active');
      expect(text).toContain('profile complete_mvp');
      expect(text).toContain('mode idle');
      expect(text).toMatch(/You're in, (Ada|Ben)!/);
    }
  });

  it('starts a LinkUp from one phone: the other is invited, and the panel says why', async () => {
    await say(ada.userId, 'coffee saturday morning 1 on 1');
    await say(ada.userId, 'yes');
    expect(await card(ben.userId)).toMatch(/Join coffee on Sat.*Reply YES/);
    const panel = textOf((await http().get(`/dev/phone/members/${ada.userId}/panel`).expect(200)).text);
    expect(panel).toMatch(/Ada's LinkUps Refresh coffee \(sat morning\) when Sat/);
    expect(panel).toContain('state broadcasting (initiator)');
    expect(panel).toMatch(/Ben ·0101 phone pending 1 0\.\d\d.*into coffee/);
    await say(ben.userId, 'YES');
    for (const id of [ada.userId, ben.userId]) expect(await card(id)).toMatch(/You're set! Coffee on Sat/);
    expect(textOf((await http().get(`/dev/phone/members/${ben.userId}/panel`).expect(200)).text)).toContain('state locked (participant)');
  });

  it('moves the clock and runs the sweeps', async () => {
    const before = t.app.get(Clock).now().getTime();
    const res = await http().post('/dev/phone/clock').set(json).send({ minutes: 60, sweeps: true }).expect(200);
    expect(t.app.get(Clock).now().getTime() - before).toBeGreaterThanOrEqual(60 * 60_000);
    expect(res.body.sweeps.map((s: { name: string }) => s.name)).toContain('linkup-reminders');
    expect(res.body).toMatchObject({ now: { iso: expect.any(String), label: expect.any(String) }, failed: [] });
  });

  it('works without script: a form post goes back to the page with the same phones', async () => {
    const show = `${ada.userId},${ben.userId}`;
    const res = await http().post(`/dev/phone/members/${ada.userId}/texts`).type('form').send({ body: 'STATUS', show }).expect(303);
    expect(res.headers.location).toBe(`/dev/phone?members=${show}`);
    expect(await card(ada.userId)).toContain('STATUS');
  });

  it('refuses bad input, unknown members and other sites', async () => {
    const empty = await http().post(`/dev/phone/members/${ada.userId}/texts`).set(json).send({ body: '' }).expect(422);
    expect(empty.body.fields.map((f: { field: string }) => f.field)).toEqual(['body']);
    await http().post('/dev/phone/clock').set(json).send({ minutes: 7 }).expect(422);
    await http().get('/dev/phone/members/not-a-uuid/card').set(json).expect(422);
    const unknown = await http().get('/dev/phone/members/00000000-0000-4000-8000-000000000000/card').set(json).expect(404);
    expect(unknown.body).toEqual({ code: 'demo_member_not_found', message: 'No member with this id.', correlationId: expect.any(String) });
    // A page naming a member who is gone shows the others.
    const page = await http().get('/dev/phone').query({ members: `00000000-0000-4000-8000-000000000000,${ada.userId}` }).expect(200);
    expect(page.text).toContain(`id="phone-${ada.userId}"`);
    await http().get('/dev/phone').query({ members: '-'.repeat(36) }).set(json).expect(422);
    const db = t.app.get(DataSource);
    const [{ n }] = await db.query(`select count(*)::int as n from sms_messages where direction = 'in'`);
    const evil = await http().post(`/dev/phone/members/${ada.userId}/texts`).set(json).set('origin', 'http://evil.example').send({ body: 'DELETE' }).expect(403);
    expect(evil.body.code).toBe('demo_cross_origin');
    await http().post('/dev/phone/members').set(json).set('sec-fetch-site', 'cross-site').send({}).expect(403);
    expect((await db.query(`select count(*)::int as n from sms_messages where direction = 'in'`))[0].n).toBe(n);
  });
});
