import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { GraceSweepService } from '../../src/modules/billing';
import type { TestApp } from '../support/app';
import { billingEvents, entitlementOf, mapCustomer, postStripeEvent, startStripeApp, subscriptionOf } from '../support/billing';
import { textAs } from '../support/conversation-sms';
import { createTestDatabase, TestDatabase } from '../support/database';
import { jobsFor, lastJob, sweeps } from '../support/linkups-app';
import { makeLinkup, makeMatchable, makeRegion, type TestMember } from '../support/linkups-factories';
import { StripeFakeApi } from '../support/stripe-fake-api';

// A failed payment over time: past_due keeps access until grace_until (one SMS), the hourly sweep
// on two instances ends it once (one SMS), matching then leaves the member out, a LinkUp request
// is answered with how to subscribe, and a later payment brings access back.
describe('billing grace period', () => {
  let fake: StripeFakeApi;
  let tdb: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let db: DataSource;
  let regionId: string;
  let m: TestMember;
  let other: TestMember;
  let initiator: TestMember;
  let subId: string;
  const texts = async (prefix: string) => (await jobsFor(a.app, m.id)).filter((j) => j.idempotencyKey.startsWith(prefix));
  const clockNow = () => a.app.get(Clock).now();

  beforeAll(async () => {
    fake = await new StripeFakeApi().start();
    tdb = await createTestDatabase();
    // Small sweep batches, so two instances sweeping many members really run side by side.
    // b takes webhooks and sweeps but runs no handling loops (APP_ROLE=web): texts sent to a are
    // handled by a, so textAs's whenIdle on a sees them done.
    [a, b] = await Promise.all([
      startStripeApp(fake, tdb, { BILLING_SWEEP_BATCH_SIZE: '5', APP_ROLE: 'all' }),
      startStripeApp(fake, tdb, { BILLING_SWEEP_BATCH_SIZE: '5', APP_ROLE: 'web' }),
    ]);
    db = a.app.get(DataSource);
    regionId = await makeRegion(db, { timezone: 'America/New_York' });
    m = await makeMatchable(db, regionId, { entitled: false, firstName: 'Pat' });
    other = await makeMatchable(db, regionId, { firstName: 'Ola' });
    initiator = await makeMatchable(db, regionId, { firstName: 'Ini' });
    const customer = await mapCustomer(a.app, fake, m.id);
    subId = fake.putSubscription({ customer, status: 'active' }).id;
    await postStripeEvent(a.app, fake, fake.event('customer.subscription.created', fake.subscriptions.get(subId)!)).expect(200);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await tdb?.drop();
    await fake?.stop();
  });

  it('keeps access through a failed payment until grace_until, and texts once', async () => {
    const sub = fake.setStatus(subId, 'past_due');
    await postStripeEvent(a.app, fake, fake.event('invoice.payment_failed', fake.invoice(sub, 'open'))).expect(200);
    await postStripeEvent(b.app, fake, fake.event('customer.subscription.updated', sub)).expect(200);
    const row = await subscriptionOf(a.app, m.id);
    expect(row?.state).toBe('past_due');
    const days = (row!.grace_until.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.99);
    expect(days).toBeLessThan(3.01);
    expect(await entitlementOf(a.app, m.id)).toEqual(expect.objectContaining({ eligible_to_participate: true, eligible_to_initiate: true, expires_at: row!.grace_until }));
    const failed = await texts('billing:payment_failed:');
    expect(failed).toHaveLength(1);
    expect(failed[0].body).toMatch(/^JOSH: Your membership payment didn't go through\. You keep full access until \w{3}, \w{3} \d{1,2}\. Update your card here: https:\/\/josh\.test\/m\/[\w-]{43}$/);
    expect((await billingEvents(a.app, m.id, 'entitlement.changed')).map((e) => `${e.from_state}>${e.to_state}`)).toEqual(['none>full', 'full>grace']);
  });

  it('answers BILLING with the state in plain words', async () => {
    await textAs(a.app, m.phone, 'billing');
    expect((await lastJob(a.app, m.id))?.body).toMatch(/^JOSH: Your last payment failed\. You keep access until \w{3}, \w{3} \d{1,2}; update your card to keep it\. Your billing page: https:\/\/josh\.test\/m\/[\w-]{43}$/);
  });

  it('ends access once when the sweep runs on two instances after grace_until, then leaves the member out', async () => {
    const graceUntil: Date = (await subscriptionOf(a.app, m.id))!.grace_until;
    const after = new Date(graceUntil.getTime() + 3_600_000);
    for (const t of [a, b]) t.app.get(Clock).set(after);
    const runs = await Promise.all([a, b, a, b].map((t) => t.app.get(GraceSweepService).endLapsedGrace()));
    expect(runs.reduce((n, r) => n + r.ended, 0)).toBe(1);
    expect(await entitlementOf(a.app, m.id)).toEqual(expect.objectContaining({ eligible_to_participate: false, eligible_to_initiate: false, source: 'stripe' }));
    const ended = await texts('billing:access_ended:');
    expect(ended).toHaveLength(1);
    expect(ended[0].body).toMatch(/^JOSH: Your membership has lapsed, so LinkUp invites are paused and you can't start one\. Renew it here: https:\/\/josh\.test\/m\/[\w-]{43}$/);
    expect((await billingEvents(a.app, m.id, 'entitlement.changed')).at(-1)).toEqual(
      expect.objectContaining({ from_state: 'grace', to_state: 'none', payload: expect.objectContaining({ reason: 'grace_ended' }) }),
    );
    expect((await a.app.get(GraceSweepService).endLapsedGrace()).ended).toBe(0);

    // Matching: a wave in the region invites the paying member, not the lapsed one.
    const linkupId = await makeLinkup(db, regionId, initiator.id, {
      eventTime: new Date(clockNow().getTime() + 3 * 86_400_000), windowEndsAt: new Date(clockNow().getTime() + 86_400_000),
    });
    await db.query(`update linkups set next_wave_at = $2 where id = $1`, [linkupId, new Date(clockNow().getTime() - 60_000)]);
    expect((await sweeps(a.app).sendDueWaves()).wavesSent).toBe(1);
    const invited = (await db.query(`select invited_user_id from linkup_invites where linkup_id = $1`, [linkupId])).map((r: { invited_user_id: string }) => r.invited_user_id);
    expect(invited).toContain(other.id);
    expect(invited).not.toContain(m.id);
  });

  it('tells the lapsed member who asks for a LinkUp how to subscribe', async () => {
    await textAs(a.app, m.phone, 'coffee saturday morning');
    expect((await lastJob(a.app, m.id))?.body).toMatch(/^Starting a LinkUp needs an active membership\. Get one here: https:\/\/josh\.test\/m\/[\w-]{43}$/);
  });

  it('gives access back when the card is fixed, without another text', async () => {
    const sub = fake.setStatus(subId, 'active');
    await postStripeEvent(a.app, fake, fake.event('invoice.paid', fake.invoice(sub, 'paid'))).expect(200);
    expect(await subscriptionOf(a.app, m.id)).toEqual(expect.objectContaining({ state: 'active', grace_until: null }));
    expect(await entitlementOf(a.app, m.id)).toEqual(expect.objectContaining({ eligible_to_participate: true, expires_at: null }));
    expect(await texts('billing:')).toHaveLength(2);
  });

  it('shares many lapsed members between two instances: each loses access once, with one text', async () => {
    const lapsed: TestMember[] = [];
    const graceUntil = new Date(clockNow().getTime() - 60_000);
    for (let i = 0; i < 40; i++) {
      const x = await makeMatchable(db, regionId, { entitled: false });
      await db.query(`insert into subscriptions (user_id, stripe_subscription_id, state, grace_until) values ($1, $2, 'past_due', $3)`, [x.id, `sub_lapsed_${i}`, graceUntil]);
      await db.query(
        `update entitlements set source = 'stripe', eligible_to_participate = true, eligible_to_initiate = true, expires_at = $2 where user_id = $1`,
        [x.id, graceUntil],
      );
      lapsed.push(x);
    }
    const runs = await Promise.all([a, b, a, b].map((t) => t.app.get(GraceSweepService).endLapsedGrace()));
    expect(runs.reduce((n, r) => n + r.ended, 0)).toBe(40);
    const [ended] = await db.query(
      `select count(*)::int as n, count(distinct entity_id)::int as members from domain_events where event_type = 'entitlement.changed' and payload->>'reason' = 'grace_ended' and payload->>'userId' = any($1)`,
      [lapsed.map((x) => x.id)],
    );
    expect(ended).toEqual({ n: 40, members: 40 });
    for (const x of lapsed) expect((await jobsFor(a.app, x.id)).filter((j) => j.idempotencyKey.startsWith('billing:access_ended:'))).toHaveLength(1);
  });
});
