import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BillingNotifier } from '../../src/modules/billing/sms/billing-notifier';
import { Clock } from '../../src/common/clock';
import { TransactionRunner } from '../../src/database';
import { MagicLinksService } from '../../src/modules/identity';
import { startTestApp, type TestApp } from '../support/app';
import { mapCustomer, postStripeEvent, startStripeApp, subscriptionOf } from '../support/billing';
import { textAs } from '../support/conversation-sms';
import { createTestDatabase, TestDatabase } from '../support/database';
import { jobsFor, lastJob } from '../support/linkups-app';
import { makeMatchable, makeRegion, type TestMember } from '../support/linkups-factories';
import { csrfIn, linkIn, nonceIn, pathOf } from '../support/member-web';
import { StripeFakeApi } from '../support/stripe-fake-api';
import { postSignedSms, newMessageSid } from '../support/twilio-webhooks';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';

// The billing page (/billing) over HTTP, on two app instances sharing one database: reached from
// the BILLING text's magic link, its one button, CSRF, the pages Checkout returns to, and the
// links in every billing text. The same walk in a real browser: test/browser/billing.browser.test.ts.
describe('billing page', () => {
  let fake: StripeFakeApi;
  let tdb: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let db: DataSource;
  let regionId: string;

  beforeAll(async () => {
    fake = await new StripeFakeApi().start();
    tdb = await createTestDatabase();
    // b serves pages and webhooks but runs no handling loops (APP_ROLE=web): a text sent to a is
    // handled by a, so textAs's wait for a's handling is a wait for the reply.
    [a, b] = await Promise.all([startStripeApp(fake, tdb, { APP_ROLE: 'all' }), startStripeApp(fake, tdb, { APP_ROLE: 'web' })]);
    db = a.app.get(DataSource);
    regionId = await makeRegion(db, { timezone: 'America/Los_Angeles' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await tdb?.drop();
    await fake?.stop();
  });

  const http = (t: TestApp = a) => request(t.app.getHttpServer());
  const billingLinks = async (userId: string) =>
    (await db.query(`select count(*)::int as n from magic_links where user_id = $1 and purpose = 'billing'`, [userId]))[0].n as number;
  const customersOf = (userId: string) => [...fake.customers.values()].filter((c) => c.metadata.user_id === userId);

  // Opens a magic link like a browser (GET the confirm page, POST its form with the nonce cookie)
  // and returns the page session cookie, so any instance can be asked with it.
  async function open(app: INestApplication, url: string): Promise<{ cookie: string; location: string }> {
    const confirm = await request(app.getHttpServer()).get(pathOf(url)).expect(200);
    const nonce = /josh_link=([^;]+)/.exec(String(confirm.headers['set-cookie']))![1];
    const opened = await request(app.getHttpServer()).post(pathOf(url)).set('cookie', `josh_link=${nonce}`).type('form').send({ nonce: nonceIn(confirm.text) }).expect(303);
    const session = /josh_session=([^;]+)/.exec(String(opened.headers['set-cookie']))![1];
    return { cookie: `josh_session=${session}`, location: opened.headers.location };
  }

  // The member texts BILLING and opens the link of the reply.
  async function billingPage(m: TestMember): Promise<{ cookie: string; reply: string }> {
    await textAs(a.app, m.phone, 'BILLING');
    const reply = (await lastJob(a.app, m.id))!.body;
    const { cookie, location } = await open(a.app, linkIn(reply));
    expect(location).toBe('/billing');
    return { cookie, reply };
  }

  const formValues = (html: string) => ({
    _csrf: csrfIn(html),
    idempotency: /name="idempotency" value="([^"]+)"/.exec(html)?.[1],
  });

  it('answers BILLING with the state and a link to the page, which shows it and one button to start', async () => {
    const m = await makeMatchable(db, regionId, { entitled: false });
    const { cookie, reply } = await billingPage(m);
    expect(reply).toMatch(/^JOSH: You don't have a membership yet\. Start one here: https:\/\/josh\.test\/m\/[\w-]{43}$/);
    const page = await http(b).get('/billing').set('cookie', cookie).expect(200);
    expect(page.text).toContain('<h1>No membership yet</h1>');
    expect(page.text).toContain("You don&#39;t have a membership yet.");
    expect(page.text.match(/<form /g)).toHaveLength(1);
    expect(page.text).toContain('action="/billing/checkout"');
    expect(page.text).toContain('>Start my membership</button>');
    // The form's redirect to Stripe's hosted page must be allowed by the page's CSP.
    expect(page.headers['content-security-policy']).toContain(`form-action 'self' https://checkout.stripe.com https://billing.stripe.com ${fake.url};`);
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('starts one Checkout Session and one Stripe customer for a double click on two instances', async () => {
    const m = await makeMatchable(db, regionId, { entitled: false });
    const { cookie } = await billingPage(m);
    const form = formValues((await http().get('/billing').set('cookie', cookie).expect(200)).text);
    expect(form.idempotency).toMatch(/^[0-9a-f-]{36}$/);
    fake.latencyMs = 150; // both clicks in flight together
    const clicks = await Promise.all([a, b, a].map((t) => http(t).post('/billing/checkout').set('cookie', cookie).type('form').send(form)));
    fake.latencyMs = 0;
    for (const c of clicks) expect(c.status).toBe(303);
    const targets = new Set(clicks.map((c) => c.headers.location));
    expect(targets.size).toBe(1);
    const [url] = [...targets];
    expect(url).toMatch(new RegExp(`^${fake.url}/checkout/cs_test_\\w+$`));
    expect(customersOf(m.id)).toHaveLength(1);
    expect([...fake.sessions.values()].filter((s) => s.client_reference_id === m.id)).toHaveLength(1);
    expect(await db.query(`select stripe_customer_id from stripe_customers where user_id = $1`, [m.id])).toEqual([{ stripe_customer_id: customersOf(m.id)[0].id }]);

    // Reloading the page (or the back button from Stripe) gives a new value: a new session, the same customer.
    const again = formValues((await http().get('/billing').set('cookie', cookie).expect(200)).text);
    expect(again.idempotency).not.toBe(form.idempotency);
    const second = await http().post('/billing/checkout').set('cookie', cookie).type('form').send(again).expect(303);
    expect(second.headers.location).not.toBe(url);
    expect(customersOf(m.id)).toHaveLength(1);
  });

  it('refuses a POST without the CSRF token, or with another session\'s, and calls Stripe for nothing', async () => {
    const m = await makeMatchable(db, regionId, { entitled: false });
    const other = await makeMatchable(db, regionId, { entitled: false });
    const { cookie } = await billingPage(m);
    const { cookie: otherCookie } = await billingPage(other);
    const form = formValues((await http().get('/billing').set('cookie', cookie).expect(200)).text);
    const otherForm = formValues((await http().get('/billing').set('cookie', otherCookie).expect(200)).text);
    const calls = fake.requests.length;
    const missing = await http().post('/billing/checkout').set('cookie', cookie).type('form').send({ idempotency: form.idempotency }).expect(403);
    expect(missing.text).toContain('That form had expired');
    await http().post('/billing/checkout').set('cookie', cookie).type('form').send({ ...form, _csrf: otherForm._csrf }).expect(403);
    await http().post('/billing/portal').set('cookie', cookie).type('form').send({}).expect(403);
    expect(fake.requests.length).toBe(calls);
    expect(await db.query(`select 1 from stripe_customers where user_id = $1`, [m.id])).toEqual([]);
  });

  it('sends a visitor without a page session to the "text BILLING" page, and changes nothing', async () => {
    const calls = fake.requests.length;
    for (const path of ['/billing', '/billing/cancel']) {
      const res = await http().get(path).set('accept', 'text/html').expect(401);
      expect(res.text).toContain('Text BILLING to JOSH for a new link');
      expect(res.text).not.toContain('Text LINK');
    }
    const paid = await http().get('/billing/success?session_id=cs_test_x').set('accept', 'text/html').expect(401);
    expect(paid.text).toContain('If you paid, your membership starts within a minute or two. Text BILLING to JOSH to see it.');
    const post = await http().post('/billing/checkout').type('form').send({ _csrf: 'f'.repeat(64), idempotency: 'no-session-1' }).expect(401);
    expect(post.text).toContain('Text BILLING');
    await http().post('/billing/checkout').set('cookie', 'josh_session=not-a-session').type('form').send({ idempotency: 'no-session-2' }).expect(401);
    expect(fake.requests.length).toBe(calls);
  });

  it('shows the success page while the webhook is on its way and once it came, then the active state and the portal', async () => {
    const m = await makeMatchable(db, regionId, { entitled: false });
    const { cookie } = await billingPage(m);
    const form = formValues((await http().get('/billing').set('cookie', cookie).expect(200)).text);
    const url = (await http().post('/billing/checkout').set('cookie', cookie).type('form').send(form).expect(303)).headers.location;
    const sessionId = url.split('/').pop()!;

    const early = await http().get(`/billing/success?session_id=${sessionId}`).set('cookie', cookie).expect(200);
    expect(early.text).toContain('<h1>Thanks!</h1>');
    expect(early.text).toContain('It may take a minute.');
    expect(early.text).toContain('Check again');
    expect(early.text).not.toContain('<form');

    for (const e of fake.completeCheckout(sessionId).events) await postStripeEvent(b.app, fake, e).expect(200);
    const done = await http(b).get(`/billing/success?session_id=${sessionId}`).set('cookie', cookie).expect(200);
    expect(done.text).toContain("You're all set.");
    expect(done.text).toMatch(/Your membership is active and renews on \w{3}, \w{3} \d{1,2}\./);

    const page = await http().get('/billing').set('cookie', cookie).expect(200);
    expect(page.text).toContain('<h1>Membership active</h1>');
    expect(page.text).toContain('action="/billing/portal"');
    expect(page.text).toContain('>Manage my membership</button>');
    expect(page.text).not.toContain('name="idempotency"');
    const portal = await http().post('/billing/portal').set('cookie', cookie).type('form').send({ _csrf: csrfIn(page.text) }).expect(303);
    expect(portal.headers.location).toMatch(new RegExp(`^${fake.url}/portal/bps_`));
    expect(fake.requests.at(-1)?.params.return_url).toBe('https://josh.test/billing');

    // The old start form again (the back button, a late second click): no second subscription.
    const late = await http().post('/billing/checkout').set('cookie', cookie).type('form').send({ ...form, idempotency: 'late-click-1' }).expect(303);
    expect(late.headers.location).toBe('/billing?done=already');
    const notice = await http().get(late.headers.location).set('cookie', cookie).expect(200);
    expect(notice.text).toContain('You already have a membership: you can manage it below.');
    // BILLING now points at the portal button.
    await textAs(a.app, m.phone, 'billing');
    expect((await lastJob(a.app, m.id))!.body).toMatch(/^JOSH: Your membership is active and renews on .+\. Manage it here: https:\/\/josh\.test\/m\/[\w-]{43}$/);
  });

  it('shows the cancel page, and sends "manage" without a customer back with a notice', async () => {
    const m = await makeMatchable(db, regionId, { entitled: false });
    const { cookie } = await billingPage(m);
    const back = await http().get('/billing/cancel').set('cookie', cookie).expect(200);
    expect(back.text).toContain('<h1>No payment made</h1>');
    expect(back.text).toContain("You don&#39;t have a membership yet.");
    expect(back.text).toContain('href="/billing"');
    const csrf = csrfIn((await http().get('/billing').set('cookie', cookie).expect(200)).text);
    const portal = await http().post('/billing/portal').set('cookie', cookie).type('form').send({ _csrf: csrf }).expect(303);
    expect(portal.headers.location).toBe('/billing?done=nothing_to_manage');
    const tampered = await http().post('/billing/checkout').set('cookie', cookie).type('form').send({ _csrf: csrf, idempotency: '<x>' }).expect(303);
    expect(tampered.headers.location).toBe('/billing?done=expired');
  });

  it('lets a member start at most 20 Stripe sessions in 10 minutes, counted across instances', async () => {
    const m = await makeMatchable(db, regionId, { entitled: false });
    const { cookie } = await billingPage(m);
    const csrf = csrfIn((await http().get('/billing').set('cookie', cookie).expect(200)).text);
    const tries = await Promise.all(
      Array.from({ length: 22 }, (_, i) => http(i % 2 ? b : a).post('/billing/portal').set('cookie', cookie).type('form').send({ _csrf: csrf })),
    );
    const where = tries.map((r) => r.headers.location);
    expect(where.filter((l) => l === '/billing?done=nothing_to_manage')).toHaveLength(20);
    expect(where.filter((l) => l === '/billing?done=busy')).toHaveLength(2);
    expect((await http().get('/billing?done=busy').set('cookie', cookie).expect(200)).text).toContain('Too many tries in a short time.');
  });

  it('puts a billing link in the payment-failed and access-ended texts, and in the answer to an unentitled LinkUp request', async () => {
    const m = await makeMatchable(db, regionId, { entitled: false });
    const customer = await mapCustomer(a.app, fake, m.id);
    const sub = fake.putSubscription({ customer, status: 'active' });
    await postStripeEvent(a.app, fake, fake.event('customer.subscription.created', sub)).expect(200);
    const pastDue = fake.setStatus(sub.id, 'past_due');
    await postStripeEvent(a.app, fake, fake.event('invoice.payment_failed', fake.invoice(pastDue, 'open'))).expect(200);
    const failed = (await jobsFor(a.app, m.id)).filter((j) => j.idempotencyKey.startsWith('billing:payment_failed:'));
    expect(failed).toHaveLength(1);
    const { cookie, location } = await open(b.app, linkIn(failed[0].body));
    expect(location).toBe('/billing');
    const page = await http(b).get('/billing').set('cookie', cookie).expect(200);
    expect(page.text).toContain('<h1>Payment failed</h1>');
    expect(page.text).toMatch(/You keep access until \w{3}, \w{3} \d{1,2}; update your card to keep it\./);
    expect(page.text).toContain('>Update my card</button>');

    await postStripeEvent(a.app, fake, fake.event('customer.subscription.deleted', fake.setStatus(sub.id, 'canceled'))).expect(200);
    const ended = (await jobsFor(a.app, m.id)).filter((j) => j.idempotencyKey.startsWith('billing:access_ended:'));
    expect(ended).toHaveLength(1);
    expect(ended[0].body).toMatch(/Renew it here: https:\/\/josh\.test\/m\/[\w-]{43}$/);
    expect((await http().get('/billing').set('cookie', (await open(a.app, linkIn(ended[0].body))).cookie).expect(200)).text).toContain('<h1>Membership ended</h1>');

    await textAs(a.app, m.phone, 'coffee saturday morning');
    const refusal = (await lastJob(a.app, m.id))!.body;
    expect(refusal).toMatch(/^Starting a LinkUp needs an active membership\. Get one here: https:\/\/josh\.test\/m\/[\w-]{43}$/);
    expect((await open(a.app, linkIn(refusal))).location).toBe('/billing');
    expect(await billingLinks(m.id)).toBe(3);
  });

  it('issues no second link for a text queued before, nor for a redelivered BILLING', async () => {
    const m = await makeMatchable(db, regionId, { entitled: false });
    const notifier = a.app.get(BillingNotifier);
    const tx = a.app.get(TransactionRunner);
    const graceUntil = new Date(Date.now() + 86_400_000);
    const row = `00000000-0000-4000-8000-${m.id.slice(-12)}`;
    // A retried handler, and two at once on two instances: one text, one link.
    await tx.run((mgr) => notifier.paymentFailed(m.id, row, graceUntil, mgr));
    await Promise.all([a, b].map((t) => t.app.get(TransactionRunner).run((mgr) => t.app.get(BillingNotifier).paymentFailed(m.id, row, graceUntil, mgr))));
    await Promise.all([a, b].map((t) => t.app.get(TransactionRunner).run((mgr) => t.app.get(BillingNotifier).accessEnded(m.id, 'evt_same_cause', mgr))));
    expect((await jobsFor(a.app, m.id)).map((j) => j.idempotencyKey.split(':').slice(0, 2).join(':'))).toEqual(['billing:payment_failed', 'billing:access_ended']);
    expect(await billingLinks(m.id)).toBe(2);

    // Twilio delivers the same BILLING twice (same MessageSid) to two instances: one reply, one link.
    const sid = newMessageSid();
    await Promise.all([a, b].map((t) => postSignedSms(t.app, { from: m.phone, body: 'SUBSCRIBE', sid }).expect(200)));
    await Promise.all([a, b].map((t) => t.app.get(InboundSmsService).whenIdle()));
    expect((await jobsFor(a.app, m.id)).filter((j) => j.idempotencyKey.startsWith(`reply:${sid}`))).toHaveLength(1);
    expect(await billingLinks(m.id)).toBe(3);
  });

  it('names BILLING on the expired page of a used billing link', async () => {
    const m = await makeMatchable(db, regionId, { entitled: false });
    const { reply } = await billingPage(m);
    const used = await http(b).get(pathOf(linkIn(reply))).set('accept', 'text/html').expect(410);
    expect(used.text).toContain('Text <b>BILLING</b> to JOSH for a new one.');
    // A LinkUp link says LINK, as before.
    const unknown = await http().get(`/m/${'B'.repeat(43)}`).expect(404);
    expect(unknown.text).toContain('Text <b>LINK</b> to JOSH for a new one.');
  });

  it('expires the page session after 30 idle minutes: the page then asks for BILLING', async () => {
    const m = await makeMatchable(db, regionId, { entitled: false });
    const { cookie } = await billingPage(m);
    await http().get('/billing').set('cookie', cookie).expect(200);
    const clock = a.app.get(Clock);
    clock.advance(31 * 60_000);
    try {
      expect((await http().get('/billing').set('cookie', cookie).set('accept', 'text/html').expect(401)).text).toContain('Text BILLING');
    } finally {
      clock.advance(-31 * 60_000);
    }
  });

  describe('free mode', () => {
    // A database of its own: a's handling loops (Stripe mode) would otherwise race free's for the text.
    let free: TestApp;
    let freeDb: DataSource;
    beforeAll(async () => {
      free = await startTestApp({});
      freeDb = free.app.get(DataSource);
    });
    afterAll(() => free?.close());

    it('answers BILLING without a link, and the page says there is nothing to pay and has no button', async () => {
      const m = await makeMatchable(freeDb, await makeRegion(freeDb));
      await textAs(free.app, m.phone, 'BILLING');
      expect((await lastJob(free.app, m.id))!.body).toBe('JOSH: JOSH is free right now: there is nothing to pay.');
      expect((await freeDb.query(`select count(*)::int as n from magic_links where user_id = $1 and purpose = 'billing'`, [m.id]))[0].n).toBe(0);
      // A link from elsewhere (say, issued before the switch to free mode) still shows the page.
      const { url } = await free.app.get(MagicLinksService).issue({ userId: m.id, purpose: 'billing' });
      const { cookie } = await open(free.app, url);
      const page = await request(free.app.getHttpServer()).get('/billing').set('cookie', cookie).expect(200);
      expect(page.text).toContain('<h1>JOSH is free</h1>');
      expect(page.text).not.toContain('<form');
      expect(await subscriptionOf(free.app, m.id)).toBeUndefined();
    });
  });
});
