import type { SubscriptionRow } from '../subscriptions/subscription-state';
import { describeBilling, type BillingFacts } from './billing-state';

const now = new Date('2026-03-10T12:00:00Z');
const sub = (o: Partial<SubscriptionRow>): SubscriptionRow => ({
  id: 'row', userId: 'u', stripeSubscriptionId: 'sub_1', state: 'active', currentPeriodEnd: new Date('2026-04-10T16:00:00Z'),
  cancelAtPeriodEnd: false, graceUntil: null, lastStripeEventId: null, ...o,
});
const entitled = { eligibleToParticipate: true, source: 'stripe', expiresAt: null };
const none = { eligibleToParticipate: false, source: 'stripe', expiresAt: null };
const facts = (o: Partial<BillingFacts>): BillingFacts => ({ mode: 'stripe', subscription: null, entitlement: null, now, timeZone: 'America/Los_Angeles', ...o });

describe('billing state in plain words', () => {
  it('says when nothing is paid yet, and offers to subscribe', () => {
    expect(describeBilling(facts({}))).toEqual(expect.objectContaining({ status: 'none', entitled: false, action: 'subscribe', summary: "You don't have a membership yet." }));
  });

  it('says trial, active until, payment failed and access until, ended', () => {
    expect(describeBilling(facts({ subscription: sub({ state: 'trialing' }), entitlement: entitled }))).toEqual(expect.objectContaining({
      status: 'trial', action: 'manage', summary: "You're on a free trial until Fri, Apr 10; your membership starts then.",
    }));
    expect(describeBilling(facts({ subscription: sub({ state: 'active' }), entitlement: entitled })).summary).toBe('Your membership is active and renews on Fri, Apr 10.');
    expect(describeBilling(facts({ subscription: sub({ state: 'active', cancelAtPeriodEnd: true }), entitlement: entitled }))).toEqual(expect.objectContaining({
      renews: false, summary: "Your membership is active until Fri, Apr 10 and won't renew.",
    }));
    const grace = new Date('2026-03-13T07:00:00Z');
    expect(describeBilling(facts({ subscription: sub({ state: 'past_due', graceUntil: grace }), entitlement: { ...entitled, expiresAt: grace } }))).toEqual(expect.objectContaining({
      status: 'payment_failed', entitled: true, until: grace, action: 'manage',
      summary: 'Your last payment failed. You keep access until Fri, Mar 13; update your card to keep it.',
    }));
    expect(describeBilling(facts({ subscription: sub({ state: 'unpaid' }), entitlement: none })).summary).toBe(
      'Your last payment failed and your access has ended. Update your card to get it back.',
    );
    expect(describeBilling(facts({ subscription: sub({ state: 'canceled' }), entitlement: none }))).toEqual(expect.objectContaining({
      status: 'canceled', action: 'subscribe', summary: 'Your membership has ended.',
    }));
  });

  it('never uses an opt-out word (the BILLING text quotes the summary)', () => {
    const states = ['none', 'trialing', 'active', 'past_due', 'unpaid', 'canceled'] as const;
    for (const state of states) {
      for (const cancelAtPeriodEnd of [false, true]) {
        const summary = describeBilling(facts({ subscription: sub({ state, cancelAtPeriodEnd, graceUntil: now }), entitlement: entitled })).summary;
        expect(summary).not.toMatch(/\b(stop|stopall|unsubscribe|cancel|end|quit|optout|revoke)\b/i);
      }
    }
  });

  it('names an admin grant, and free mode', () => {
    const until = new Date('2026-05-01T12:00:00Z');
    expect(describeBilling(facts({ entitlement: { eligibleToParticipate: true, source: 'admin', expiresAt: until } }))).toEqual(expect.objectContaining({
      status: 'admin', entitled: true, summary: 'The JOSH team gave you a membership until Fri, May 1.',
    }));
    expect(describeBilling(facts({ mode: 'free', entitlement: { ...entitled, source: 'free' } }))).toEqual(expect.objectContaining({ status: 'free', action: null, entitled: true }));
  });

  it('is entitled only while the entitlement is eligible and not yet expired', () => {
    const at = (expiresAt: Date | null, eligibleToParticipate = true) => describeBilling(facts({ entitlement: { eligibleToParticipate, source: 'stripe', expiresAt } })).entitled;
    expect(at(null)).toBe(true);
    expect(at(new Date(now.getTime() + 1000))).toBe(true);
    expect(at(now)).toBe(false); // expires at this very moment
    expect(at(new Date(now.getTime() - 1000))).toBe(false);
    expect(at(null, false)).toBe(false);
  });

  it('gives the whole state, not just the words', () => {
    expect(describeBilling(facts({}))).toEqual({
      mode: 'stripe', status: 'none', entitled: false, until: null, renews: false, action: 'subscribe', summary: "You don't have a membership yet.",
    });
    expect(describeBilling(facts({ mode: 'free' }))).toEqual({
      mode: 'free', status: 'free', entitled: false, until: null, renews: false, action: null, summary: 'JOSH is free right now: there is nothing to pay.',
    });
    const end = new Date('2026-04-10T16:00:00Z');
    expect(describeBilling(facts({ subscription: sub({ state: 'trialing', cancelAtPeriodEnd: true }), entitlement: entitled }))).toEqual({
      mode: 'stripe', status: 'trial', entitled: true, until: end, renews: false, action: 'manage', summary: "Your free trial ends Fri, Apr 10 and won't renew.",
    });
    expect(describeBilling(facts({ subscription: sub({ state: 'active' }), entitlement: entitled }))).toEqual({
      mode: 'stripe', status: 'active', entitled: true, until: end, renews: true, action: 'manage', summary: 'Your membership is active and renews on Fri, Apr 10.',
    });
    expect(describeBilling(facts({ subscription: sub({ state: 'none' }), entitlement: none }))).toEqual({
      mode: 'stripe', status: 'none', entitled: false, until: null, renews: false, action: 'subscribe', summary: "You don't have a membership yet.",
    });
  });

  it('words a trial or membership without a period end', () => {
    expect(describeBilling(facts({ subscription: sub({ state: 'trialing', currentPeriodEnd: null }), entitlement: entitled }))).toEqual(expect.objectContaining({
      until: null, summary: "You're on a free trial.",
    }));
    expect(describeBilling(facts({ subscription: sub({ state: 'active', currentPeriodEnd: null }), entitlement: entitled }))).toEqual(expect.objectContaining({
      until: null, summary: 'Your membership is active.',
    }));
  });

  it('keeps grace only for past_due with a grace date and access left', () => {
    const grace = new Date('2026-03-13T07:00:00Z');
    const failed = 'Your last payment failed and your access has ended. Update your card to get it back.';
    expect(describeBilling(facts({ subscription: sub({ state: 'past_due', graceUntil: null }), entitlement: entitled }))).toEqual(expect.objectContaining({
      status: 'payment_failed', until: null, summary: failed,
    }));
    expect(describeBilling(facts({ subscription: sub({ state: 'unpaid', graceUntil: grace }), entitlement: entitled }))).toEqual(expect.objectContaining({
      status: 'payment_failed', until: null, action: 'manage', summary: failed,
    }));
    expect(describeBilling(facts({ subscription: sub({ state: 'past_due', graceUntil: grace }), entitlement: none }))).toEqual(expect.objectContaining({
      status: 'payment_failed', until: grace, summary: failed,
    }));
  });

  it('names an admin grant without an end, but not over a running subscription or without entitlement', () => {
    const admin = { eligibleToParticipate: true, source: 'admin', expiresAt: null };
    expect(describeBilling(facts({ entitlement: admin }))).toEqual({
      mode: 'stripe', status: 'admin', entitled: true, until: null, renews: false, action: 'subscribe', summary: 'The JOSH team gave you a membership.',
    });
    expect(describeBilling(facts({ subscription: sub({ state: 'active' }), entitlement: admin })).status).toBe('active');
    expect(describeBilling(facts({ subscription: sub({ state: 'canceled' }), entitlement: admin })).status).toBe('admin');
    expect(describeBilling(facts({ entitlement: { ...admin, eligibleToParticipate: false } })).status).toBe('none');
    expect(describeBilling(facts({ entitlement: { ...entitled, source: 'stripe' } })).status).toBe('none');
  });
});
