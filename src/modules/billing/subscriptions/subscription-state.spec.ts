import { isRunning, nextSubscription, stateOfStripeStatus, type SubscriptionRow } from './subscription-state';
import type { SubscriptionSnapshot } from '../stripe/stripe-gateway';

const now = new Date('2026-03-10T12:00:00Z');
const row = (o: Partial<SubscriptionRow> = {}): SubscriptionRow => ({
  id: 'row', userId: 'u', stripeSubscriptionId: 'sub_1', state: 'active', currentPeriodEnd: null, cancelAtPeriodEnd: false,
  graceUntil: null, lastStripeEventId: null, ...o,
});
const snap = (status: string, id = 'sub_1'): SubscriptionSnapshot => ({
  id, customerId: 'cus_1', status, currentPeriodEnd: new Date('2026-04-10T12:00:00Z'), cancelAtPeriodEnd: false, userIdHint: null,
});

describe('subscription state', () => {
  it.each([
    ['trialing', 'trialing'], ['active', 'active'], ['past_due', 'past_due'], ['unpaid', 'unpaid'], ['canceled', 'canceled'],
    ['incomplete', 'none'], ['incomplete_expired', 'canceled'], ['paused', 'none'], ['something_new', 'none'],
  ])('maps Stripe %s to %s', (stripe, ours) => {
    expect(stateOfStripeStatus(stripe)).toBe(ours);
  });

  it('starts grace when the subscription becomes past_due, and keeps it while it stays so', () => {
    const first = nextSubscription(row(), snap('past_due'), now, 3)!;
    expect(first.graceUntil).toEqual(new Date('2026-03-13T12:00:00Z'));
    const later = nextSubscription(row({ state: 'past_due', graceUntil: first.graceUntil }), snap('past_due'), new Date('2026-03-12T00:00:00Z'), 3)!;
    expect(later.graceUntil).toEqual(first.graceUntil);
    expect(nextSubscription(row({ state: 'past_due', graceUntil: first.graceUntil }), snap('active'), now, 3)!.graceUntil).toBeNull();
  });

  it('never brings a canceled subscription back', () => {
    expect(nextSubscription(row({ state: 'canceled' }), snap('active'), now, 3)).toBeNull();
    expect(nextSubscription(row({ state: 'canceled' }), snap('canceled'), now, 3)).toEqual(expect.objectContaining({ state: 'canceled' }));
  });

  it('lets the end of another subscription never replace a running one, but a new running one replace an ended one', () => {
    expect(nextSubscription(row({ state: 'active' }), snap('incomplete_expired', 'sub_old'), now, 3)).toBeNull();
    expect(nextSubscription(row({ state: 'past_due' }), snap('canceled', 'sub_old'), now, 3)).toBeNull();
    expect(nextSubscription(row({ state: 'canceled' }), snap('active', 'sub_new'), now, 3)).toEqual(expect.objectContaining({ state: 'active', stripeSubscriptionId: 'sub_new' }));
    expect(nextSubscription(row({ stripeSubscriptionId: null, state: 'none' }), snap('incomplete'), now, 3)).toEqual(expect.objectContaining({ state: 'none', stripeSubscriptionId: 'sub_1' }));
  });

  it('copies what Stripe reports onto the row', () => {
    const s = { ...snap('trialing', 'sub_2'), cancelAtPeriodEnd: true };
    expect(nextSubscription(row({ stripeSubscriptionId: null, state: 'none' }), s, now, 3)).toEqual({
      stripeSubscriptionId: 'sub_2', state: 'trialing', currentPeriodEnd: new Date('2026-04-10T12:00:00Z'), cancelAtPeriodEnd: true, graceUntil: null,
    });
  });

  it('starts grace afresh for a past_due row without one, and for a past_due of another subscription', () => {
    expect(nextSubscription(row({ state: 'past_due', graceUntil: null }), snap('past_due'), now, 2)!.graceUntil).toEqual(new Date('2026-03-12T12:00:00Z'));
    const old = new Date('2026-03-01T00:00:00Z');
    expect(nextSubscription(row({ state: 'past_due', graceUntil: old }), snap('past_due', 'sub_2'), now, 2)!.graceUntil).toEqual(new Date('2026-03-12T12:00:00Z'));
    expect(nextSubscription(row({ state: 'active', graceUntil: old }), snap('past_due'), now, 2)!.graceUntil).toEqual(new Date('2026-03-12T12:00:00Z'));
  });

  it('lets another running subscription replace a running one, and anything replace a row without a subscription id', () => {
    expect(nextSubscription(row({ state: 'active' }), snap('trialing', 'sub_2'), now, 3)).toEqual(expect.objectContaining({ state: 'trialing', stripeSubscriptionId: 'sub_2' }));
    expect(nextSubscription(row({ state: 'active', stripeSubscriptionId: null }), snap('canceled', 'sub_2'), now, 3)).toEqual(expect.objectContaining({ state: 'canceled' }));
    expect(nextSubscription(row({ state: 'none' }), snap('canceled', 'sub_2'), now, 3)).toEqual(expect.objectContaining({ state: 'canceled' }));
    expect(nextSubscription(row({ state: 'active' }), snap('canceled'), now, 3)).toEqual(expect.objectContaining({ state: 'canceled' }));
  });

  it.each([
    ['trialing', true], ['active', true], ['past_due', true], ['unpaid', true], ['canceled', false], ['none', false],
  ] as const)('%s is running: %s', (state, running) => {
    expect(isRunning(state)).toBe(running);
  });
});
