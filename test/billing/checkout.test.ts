import request from 'supertest';
import { DataSource } from 'typeorm';
import { BillingService } from '../../src/modules/billing';
import { startTestApp, type TestApp } from '../support/app';
import { entitlementOf, postStripeEvent, startStripeApp, subscriptionOf } from '../support/billing';
import { createTestDatabase, TestDatabase } from '../support/database';
import { makeMatchable, makeRegion, type TestMember } from '../support/linkups-factories';
import { StripeFakeApi } from '../support/stripe-fake-api';

// The billing service the page calls: checkout (one Stripe customer per member even under
// concurrency), the portal, the state in plain words; and the same through /dev/billing.
describe('billing service against the fake Stripe API', () => {
  let fake: StripeFakeApi;
  let tdb: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let db: DataSource;
  let regionId: string;
  const billing = (t: TestApp) => t.app.get(BillingService);

  beforeAll(async () => {
    fake = await new StripeFakeApi().start();
    tdb = await createTestDatabase();
    a = await startStripeApp(fake, tdb);
    b = await startStripeApp(fake, tdb);
    db = a.app.get(DataSource);
    regionId = await makeRegion(db, { timezone: 'America/Los_Angeles' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await tdb?.drop();
    await fake?.stop();
  });

  describe('checkout', () => {
    let m: TestMember;
    let sessionId: string;

    it('creates the Stripe customer once for five concurrent starts on two instances, and returns Checkout URLs', async () => {
      m = await makeMatchable(db, regionId, { entitled: false });
      fake.latencyMs = 150; // every Stripe call in flight together
      const keys = ['double-click-1', 'double-click-1', 'other-tab-22', 'double-click-1', 'third-tab-333'];
      const sessions = await Promise.all(keys.map((k, i) => billing(i % 2 ? b : a).startCheckout(m.id, { idempotency: k })));
      fake.latencyMs = 0;
      expect(fake.count('POST', /^\/v1\/customers$/)).toBe(1);
      expect([...fake.customers.values()].filter((c) => c.metadata.user_id === m.id)).toHaveLength(1);
      const stored = await db.query(`select stripe_customer_id from stripe_customers where user_id = $1`, [m.id]);
      expect(stored).toHaveLength(1);
      for (const s of sessions) expect(s.url).toBe(`${fake.url}/checkout/${s.sessionId}`);
      // The same click (idempotency value) is the same Checkout Session.
      expect(new Set(sessions.filter((_, i) => keys[i] === 'double-click-1').map((s) => s.sessionId)).size).toBe(1);
      expect(new Set(sessions.map((s) => s.sessionId)).size).toBe(3);
      const created = fake.requests.filter((r) => r.path === '/v1/checkout/sessions' && r.status === 200);
      expect(created[0].params).toEqual(expect.objectContaining({
        mode: 'subscription',
        customer: stored[0].stripe_customer_id,
        client_reference_id: m.id,
        'line_items[0][price]': fake.priceId,
        'line_items[0][quantity]': '1',
        success_url: 'https://josh.test/billing/success?session_id={CHECKOUT_SESSION_ID}',
        cancel_url: 'https://josh.test/billing/cancel',
      }));
      sessionId = sessions[0].sessionId;
    });

    it('turns the paid checkout into an active membership through the signed events', async () => {
      expect(await billing(a).getBillingState(m.id)).toEqual(expect.objectContaining({ status: 'none', entitled: false, action: 'subscribe' }));
      const { events } = fake.completeCheckout(sessionId);
      for (const e of events) await postStripeEvent(a.app, fake, e).expect(200);
      expect((await subscriptionOf(a.app, m.id))?.state).toBe('active');
      expect(await entitlementOf(a.app, m.id)).toEqual(expect.objectContaining({ eligible_to_participate: true, source: 'stripe' }));
      const state = await billing(b).getBillingState(m.id);
      expect(state).toEqual(expect.objectContaining({ mode: 'stripe', status: 'active', entitled: true, renews: true, action: 'manage' }));
      expect(state.summary).toMatch(/^Your membership is active and renews on \w{3}, \w{3} \d{1,2}\.$/);
    });

    it('sends a member who already pays to the portal instead', async () => {
      await expect(billing(a).startCheckout(m.id, { idempotency: 'after-paying-1' })).rejects.toMatchObject({ code: 'billing_already_subscribed', status: 409 });
      const portal = await billing(a).startPortal(m.id);
      expect(portal.url).toMatch(new RegExp(`^${fake.url}/portal/bps_`));
      expect(fake.requests.at(-1)?.params).toEqual(expect.objectContaining({ return_url: 'https://josh.test/billing' }));
    });

    it('has no portal for a member who never started a checkout, and knows no stranger', async () => {
      const fresh = await makeMatchable(db, regionId, { entitled: false });
      await expect(billing(a).startPortal(fresh.id)).rejects.toMatchObject({ code: 'billing_no_customer' });
      await expect(billing(a).getBillingState('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'billing_member_not_found' });
      await expect(billing(a).startCheckout(fresh.id, { idempotency: 'x' })).rejects.toMatchObject({ code: 'billing_request_invalid' });
    });
  });

  it('drives checkout by phone through /dev/billing (development only)', async () => {
    const m = await makeMatchable(db, regionId, { entitled: false });
    const http = request(a.app.getHttpServer());
    const res = await http.post('/dev/billing/checkout').send({ phone: m.phone }).expect(200);
    expect(res.body.url).toMatch(new RegExp(`^${fake.url}/checkout/cs_test_`));
    const state = await http.get('/dev/billing').query({ phone: m.phone }).expect(200);
    expect(state.body).toEqual(expect.objectContaining({ status: 'none', summary: "You don't have a membership yet.", action: 'subscribe' }));
    await http.post('/dev/billing/checkout').send({ phone: '+15550000000' }).expect(404);
  });

  describe('free mode', () => {
    let free: TestApp;
    beforeAll(async () => {
      free = await startTestApp({}, tdb);
    });
    afterAll(() => free?.close());

    it('has nothing to pay and no Stripe webhook', async () => {
      const m = await makeMatchable(db, regionId);
      expect(await free.app.get(BillingService).getBillingState(m.id)).toEqual(expect.objectContaining({ mode: 'free', status: 'free', entitled: true, action: null }));
      await expect(free.app.get(BillingService).startCheckout(m.id, { idempotency: 'free-mode-1' })).rejects.toMatchObject({ code: 'billing_disabled' });
      await postStripeEvent(free.app, fake, fake.event('invoice.paid', {})).expect(404);
    });
  });
});
