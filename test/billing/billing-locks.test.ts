import { DataSource } from 'typeorm';
import { EntitlementsService, GraceSweepService, StripeEventsService } from '../../src/modules/billing';
import type { TestApp } from '../support/app';
import { billingEvents, mapCustomer, postStripeEvent, startStripeApp } from '../support/billing';
import { makeMember } from '../support/conversation-factories';
import { blockedBy, holdLock } from '../support/lock-waits';
import { StripeFakeApi } from '../support/stripe-fake-api';

// Billing's row locks and claims, seen in pg_locks: a member's subscription and entitlement rows
// are locked before they are read, so a change committed meanwhile is what the next one starts
// from; the grace sweep and the event claim skip rows another instance holds instead of waiting.
describe('billing row locks and claims', () => {
  let fake: StripeFakeApi;
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    fake = await new StripeFakeApi().start();
    t = await startStripeApp(fake);
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });

  it('a Stripe event waits for the subscription row and starts from the state committed meanwhile', async () => {
    const m = await makeMember(t.app);
    const customer = await mapCustomer(t.app, fake, m.id);
    const subId = fake.putSubscription({ customer, status: 'active', userId: m.id }).id;
    await postStripeEvent(t.app, fake, fake.event('customer.subscription.created', fake.subscriptions.get(subId)!)).expect(200);
    expect((await billingEvents(t.app, m.id, 'subscription.changed')).map((e) => [e.from_state, e.to_state])).toEqual([['none', 'active']]);
    fake.setStatus(subId, 'canceled');
    // Another event's processing holds the row; it cancels the subscription once this one waits.
    const held = await holdLock(db, `select id from subscriptions where user_id = $1 for update`, [m.id]);
    let posted: Promise<{ status: number }> = Promise.resolve({ status: 0 });
    try {
      posted = postStripeEvent(t.app, fake, fake.event('customer.subscription.deleted', fake.subscriptions.get(subId)!)).then((r) => r);
      expect(await blockedBy(db, held.pid, posted)).toBe('waiting');
      await held.query(`update subscriptions set state = 'canceled' where user_id = $1`, [m.id]);
      await held.commit();
    } finally {
      await held.rollback();
    }
    expect((await posted).status).toBe(200);
    // Nothing to record: the row was canceled already when this event read it.
    expect((await billingEvents(t.app, m.id, 'subscription.changed')).map((e) => [e.from_state, e.to_state])).toEqual([['none', 'active']]);
  });

  it("support's grant records the entitlement another transaction committed while it waited", async () => {
    const m = await makeMember(t.app);
    await db.query(`insert into entitlements (user_id, eligible_to_participate, eligible_to_initiate, source) values ($1, false, false, 'stripe')`, [m.id]);
    const held = await holdLock(db, `select id from entitlements where user_id = $1 for update`, [m.id]);
    let granted: Promise<unknown> = Promise.resolve();
    try {
      granted = db.transaction((manager) => t.app.get(EntitlementsService).grantByAdmin(m.id, { participate: true, initiate: false }, manager));
      expect(await blockedBy(db, held.pid, granted)).toBe('waiting');
      await held.query(`update entitlements set eligible_to_participate = true, eligible_to_initiate = true where user_id = $1`, [m.id]);
      await held.commit();
    } finally {
      await held.rollback();
    }
    await granted;
    const changes = await billingEvents(t.app, m.id, 'entitlement.changed');
    expect(changes.map((e) => [e.from_state, e.to_state, e.payload.reason])).toEqual([['full', 'full', 'admin_grant']]);
  });

  it('the grace sweep ends lapsed grace another instance does not hold, without waiting for that one', async () => {
    const members = await Promise.all(Array.from({ length: 3 }, () => makeMember(t.app)));
    for (const m of members) {
      await db.query(`insert into subscriptions (user_id, state, grace_until) values ($1, 'past_due', now() - interval '1 hour')`, [m.id]);
      await db.query(`insert into entitlements (user_id, eligible_to_participate, eligible_to_initiate, source) values ($1, true, true, 'stripe')`, [m.id]);
    }
    const held = await holdLock(db, `select id from subscriptions where user_id = $1 for update`, [members[0].id]);
    try {
      const sweep = t.app.get(GraceSweepService).endLapsedGrace();
      expect(await blockedBy(db, held.pid, sweep)).toBe('finished');
      expect(await sweep).toEqual({ ended: 2 });
    } finally {
      await held.rollback();
    }
    const access = await db.query(`select user_id, eligible_to_participate from entitlements where user_id = any($1::uuid[])`, [members.map((m) => m.id)]);
    expect(new Map(access.map((r: { user_id: string; eligible_to_participate: boolean }) => [r.user_id, r.eligible_to_participate]))).toEqual(
      new Map(members.map((m, i) => [m.id, i === 0])),
    );
    expect(await t.app.get(GraceSweepService).endLapsedGrace()).toEqual({ ended: 1 });
  });

  it('replaying a stored event another request is processing answers in_progress at once', async () => {
    const eventId = `evt_lock_${Date.now()}`;
    await db.query(`insert into stripe_events (stripe_event_id, event_type, payload) values ($1, 'customer.subscription.updated', '{}')`, [eventId]);
    const held = await holdLock(db, `select id from stripe_events where stripe_event_id = $1 for update`, [eventId]);
    try {
      const replay = t.app.get(StripeEventsService).replay(eventId);
      expect(await blockedBy(db, held.pid, replay)).toBe('finished');
      expect(await replay).toBe('in_progress');
    } finally {
      await held.rollback();
    }
  });
});
