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
});
