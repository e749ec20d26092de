import { DataSource } from 'typeorm';
import { EntitlementsService, StripeEventsService } from '../../src/modules/billing';
import { TransactionRunner } from '../../src/database';
import type { TestApp } from '../support/app';
import {
  billingEvents, entitlementOf, mapCustomer, postStripeEvent, startStripeApp, storedEvent, subscriptionOf,
} from '../support/billing';
import { createTestDatabase, TestDatabase } from '../support/database';
import { jobsFor } from '../support/linkups-app';
import { makeMatchable, makeRegion, type TestMember } from '../support/linkups-factories';
import { StripeFakeApi } from '../support/stripe-fake-api';

// POST /webhooks/stripe against the fake Stripe API: signatures, storing each event once,
// processing it once on two instances, out-of-order events, failures and retries, admin grants.
describe('Stripe webhook', () => {
  let fake: StripeFakeApi;
  let tdb: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let db: DataSource;
  let regionId: string;

  // A member with a Stripe customer (as after startCheckout) and no access yet.
  const member = async (): Promise<{ m: TestMember; customer: string }> => {
    const m = await makeMatchable(db, regionId, { entitled: false });
    return { m, customer: await mapCustomer(a.app, fake, m.id) };
  };
  const eventCount = async () => (await db.query(`select count(*)::int as n from stripe_events`))[0].n as number;

  beforeAll(async () => {
    fake = await new StripeFakeApi().start();
    tdb = await createTestDatabase();
    a = await startStripeApp(fake, tdb);
    b = await startStripeApp(fake, tdb);
    db = a.app.get(DataSource);
    regionId = await makeRegion(db);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await tdb?.drop();
    await fake?.stop();
  });

  describe('signature', () => {
    it('refuses a tampered body, a wrong secret, a 301 s old signature and a missing header: 400, nothing stored', async () => {
      const { m, customer } = await member();
      const sub = fake.putSubscription({ customer, status: 'active' });
      const event = fake.event('customer.subscription.updated', sub);
      const tampered = JSON.stringify({ ...event, data: { object: { ...sub, customer: 'cus_someone_else' } } });
      const old = Math.floor(Date.now() / 1000) - 301;
      const before = await eventCount();
      for (const o of [{ body: tampered }, { secret: 'whsec_notours' }, { timestamp: old }, { signed: false }]) {
        const res = await postStripeEvent(a.app, fake, event, o).expect(400);
        expect(res.body).toEqual({ code: 'stripe_signature_invalid', message: expect.any(String), correlationId: expect.any(String) });
      }
      expect(await eventCount()).toBe(before);
      expect(await storedEvent(a.app, event.id)).toBeUndefined();
      expect(await subscriptionOf(a.app, m.id)).toBeUndefined();
      expect(fake.count('GET', /^\/v1\/subscriptions\//)).toBe(0);
      // The same event, properly signed 299 s ago, is inside the 300 s tolerance.
      await postStripeEvent(a.app, fake, event, { timestamp: Math.floor(Date.now() / 1000) - 299 }).expect(200);
      expect((await subscriptionOf(a.app, m.id))?.state).toBe('active');
    });
  });

  describe('once', () => {
    it('takes the same event five times at once on two instances: one row, one processing, one effect', async () => {
      const { m, customer } = await member();
      const sub = fake.putSubscription({ customer, status: 'active' });
      const event = fake.event('customer.subscription.created', sub);
      const reads = fake.count('GET', new RegExp(sub.id));
      const results = await Promise.all([a, b, a, b, a].map((t) => postStripeEvent(t.app, fake, event)));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(results.map((r) => r.body.outcome).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'processed']);
      expect((await db.query(`select count(*)::int as n from stripe_events where stripe_event_id = $1`, [event.id]))[0].n).toBe(1);
      expect(fake.count('GET', new RegExp(sub.id)) - reads).toBe(1);
      expect(await billingEvents(a.app, m.id, 'subscription.changed')).toEqual([expect.objectContaining({ from_state: 'none', to_state: 'active' })]);
      expect(await billingEvents(a.app, m.id, 'entitlement.changed')).toEqual([expect.objectContaining({ from_state: 'none', to_state: 'full' })]);
      expect(await storedEvent(a.app, event.id)).toEqual(expect.objectContaining({ processing_error: null, processed_at: expect.any(Date) }));
      // A late redelivery, after it was processed, is a 200 that does nothing too.
      expect((await postStripeEvent(b.app, fake, event).expect(200)).body.outcome).toBe('duplicate');
      expect(fake.count('GET', new RegExp(sub.id)) - reads).toBe(1);
    });

    it('stores an event type it does not handle and marks it processed', async () => {
      const event = fake.event('customer.created', { id: 'cus_unhandled', object: 'customer' });
      expect((await postStripeEvent(a.app, fake, event).expect(200)).body.outcome).toBe('processed');
      expect(await storedEvent(a.app, event.id)).toEqual(expect.objectContaining({ event_type: 'customer.created', processed_at: expect.any(Date) }));
    });
  });

  describe('out of order', () => {
    it('ends active when updated(active) arrives before created(incomplete)', async () => {
      const { m, customer } = await member();
      const sub = fake.putSubscription({ customer, status: 'active' });
      const t = Math.floor(Date.now() / 1000);
      const created = fake.event('customer.subscription.created', { ...sub, status: 'incomplete' }, t - 5);
      const updated = fake.event('customer.subscription.updated', sub, t);
      await postStripeEvent(a.app, fake, updated).expect(200);
      await postStripeEvent(a.app, fake, created).expect(200);
      expect(await subscriptionOf(a.app, m.id)).toEqual(expect.objectContaining({ state: 'active', stripe_subscription_id: sub.id, last_stripe_event_id: created.id }));
      expect(await entitlementOf(a.app, m.id)).toEqual(expect.objectContaining({ eligible_to_participate: true, eligible_to_initiate: true, source: 'stripe' }));
    });

    it('ends canceled when deleted arrives before an older updated(active)', async () => {
      const { m, customer } = await member();
      const sub = fake.putSubscription({ customer, status: 'active' });
      await postStripeEvent(a.app, fake, fake.event('customer.subscription.created', sub)).expect(200);
      const t = Math.floor(Date.now() / 1000);
      const updated = fake.event('customer.subscription.updated', { ...sub, status: 'active', cancel_at_period_end: true }, t - 5);
      const deleted = fake.event('customer.subscription.deleted', fake.setStatus(sub.id, 'canceled'), t);
      await postStripeEvent(a.app, fake, deleted).expect(200);
      await postStripeEvent(a.app, fake, updated).expect(200);
      expect((await subscriptionOf(a.app, m.id))?.state).toBe('canceled');
      expect(await entitlementOf(a.app, m.id)).toEqual(expect.objectContaining({ eligible_to_participate: false, eligible_to_initiate: false }));
      const changes = await billingEvents(a.app, m.id, 'subscription.changed');
      expect(changes.map((c) => `${c.from_state}>${c.to_state}`)).toEqual(['none>active', 'active>canceled']);
      // Access ended: one text.
      expect((await jobsFor(a.app, m.id)).filter((j) => j.idempotencyKey.startsWith('billing:access_ended:'))).toHaveLength(1);
    });
  });

  describe('failure and retry', () => {
    it('records processing_error and answers 500 when Stripe fails once; the retry processes it once', async () => {
      const { m, customer } = await member();
      const sub = fake.putSubscription({ customer, status: 'active' });
      const event = fake.event('customer.subscription.created', sub);
      fake.failNext('GET', new RegExp(`^/v1/subscriptions/${sub.id}$`), 500);
      const failed = await postStripeEvent(a.app, fake, event).expect(500);
      expect(failed.body).toEqual(expect.objectContaining({ code: 'stripe_event_failed', stripeEventId: event.id }));
      expect(await storedEvent(a.app, event.id)).toEqual(expect.objectContaining({ processed_at: null, processing_error: expect.stringMatching(/stripe_unavailable/) }));
      expect(await subscriptionOf(a.app, m.id)).toBeUndefined(); // rolled back with the processing
      expect((await a.app.get(StripeEventsService).listFailed()).map((e) => e.stripeEventId)).toContain(event.id);
      // Stripe delivers it again (on the other instance): processed now, once.
      expect((await postStripeEvent(b.app, fake, event).expect(200)).body.outcome).toBe('processed');
      expect((await postStripeEvent(a.app, fake, event).expect(200)).body.outcome).toBe('duplicate');
      expect(await storedEvent(a.app, event.id)).toEqual(expect.objectContaining({ processed_at: expect.any(Date), processing_error: null }));
      expect((await subscriptionOf(a.app, m.id))?.state).toBe('active');
      expect(await billingEvents(a.app, m.id, 'subscription.changed')).toHaveLength(1);
      expect((await a.app.get(StripeEventsService).listFailed()).map((e) => e.stripeEventId)).not.toContain(event.id);
    });

    it('replays a failed event once (the billing:replay command and the admin API call this)', async () => {
      const { m, customer } = await member();
      const sub = fake.putSubscription({ customer, status: 'trialing' });
      const event = fake.event('customer.subscription.created', sub);
      fake.failNext('GET', new RegExp(`^/v1/subscriptions/${sub.id}$`), 503);
      await postStripeEvent(a.app, fake, event).expect(500);
      const events = a.app.get(StripeEventsService);
      const twice = await Promise.all([events.replay(event.id), b.app.get(StripeEventsService).replay(event.id)]);
      expect(twice).toContain('processed');
      expect(twice.filter((o) => o === 'processed')).toHaveLength(1);
      expect(await events.replay(event.id)).toBe('already_processed');
      expect((await subscriptionOf(a.app, m.id))?.state).toBe('trialing');
      expect(await billingEvents(a.app, m.id, 'subscription.changed')).toHaveLength(1);
      await expect(events.replay('evt_never_received')).rejects.toMatchObject({ code: 'stripe_event_not_found' });
    });
  });

  describe('admin grants', () => {
    it('keeps an admin grant through a later subscription.deleted', async () => {
      const { m, customer } = await member();
      const sub = fake.putSubscription({ customer, status: 'active' });
      await postStripeEvent(a.app, fake, fake.event('customer.subscription.created', sub)).expect(200);
      await a.app.get(TransactionRunner).run((tx) => a.app.get(EntitlementsService).grantByAdmin(m.id, { participate: true, initiate: true }, tx));
      await postStripeEvent(a.app, fake, fake.event('customer.subscription.deleted', fake.setStatus(sub.id, 'canceled'))).expect(200);
      expect((await subscriptionOf(a.app, m.id))?.state).toBe('canceled');
      expect(await entitlementOf(a.app, m.id)).toEqual(expect.objectContaining({ source: 'admin', eligible_to_participate: true, eligible_to_initiate: true }));
      expect((await jobsFor(a.app, m.id)).filter((j) => j.idempotencyKey.startsWith('billing:access_ended:'))).toEqual([]);
      // Released, the member gets what the (canceled) subscription gives: nothing.
      await a.app.get(TransactionRunner).run((tx) => a.app.get(EntitlementsService).releaseAdminGrant(m.id, tx));
      expect(await entitlementOf(a.app, m.id)).toEqual(expect.objectContaining({ source: 'stripe', eligible_to_participate: false }));
    });
  });

  it('keeps unprocessed events findable through a partial index', async () => {
    const [idx] = await db.query(`select indexdef from pg_indexes where indexname = 'stripe_events_unprocessed_idx'`);
    expect(idx.indexdef).toMatch(/\(received_at\) WHERE \(processed_at IS NULL\)$/);
  });
});
