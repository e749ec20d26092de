import type { SubscriptionState } from '../../../database/enums';
import type { SubscriptionSnapshot } from '../stripe/stripe-gateway';

// The rules of the subscriptions row (PRODUCT.md 9), pure so they are tested without Stripe.

// Stripe's eight statuses on our six states. incomplete (first payment not through yet) and
// paused (a trial ended without a payment method) give no access and may still turn active:
// `none`. incomplete_expired is the end of a subscription that never started: `canceled`.
export function stateOfStripeStatus(status: string): SubscriptionState {
  switch (status) {
    case 'trialing':
    case 'active':
    case 'past_due':
    case 'unpaid':
    case 'canceled':
      return status;
    case 'incomplete_expired':
      return 'canceled';
    default:
      return 'none';
  }
}

// A subscription that is still running (it pays, or Stripe is still trying to collect).
const RUNNING = new Set<SubscriptionState>(['trialing', 'active', 'past_due', 'unpaid']);

export interface SubscriptionRow {
  id: string;
  userId: string;
  stripeSubscriptionId: string | null;
  state: SubscriptionState;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  graceUntil: Date | null;
  lastStripeEventId: string | null;
}

export type SubscriptionUpdate = Pick<SubscriptionRow, 'stripeSubscriptionId' | 'state' | 'currentPeriodEnd' | 'cancelAtPeriodEnd' | 'graceUntil'>;

// What the row becomes once Stripe reports `snap` now, or null when the row must not move:
// - a canceled subscription never comes back (Stripe's canceled is final), so a late re-read of
//   the same subscription cannot undo it;
// - the end of another subscription (an abandoned first checkout, an old canceled one) never
//   replaces one that is running.
// Grace starts when the subscription first becomes past_due and is kept while it stays so.
export function nextSubscription(row: SubscriptionRow, snap: SubscriptionSnapshot, now: Date, graceDays: number): SubscriptionUpdate | null {
  const state = stateOfStripeStatus(snap.status);
  const same = row.stripeSubscriptionId === snap.id;
  if (same && row.state === 'canceled' && state !== 'canceled') return null;
  if (!same && row.stripeSubscriptionId && RUNNING.has(row.state) && !RUNNING.has(state)) return null;
  const stillPastDue = same && row.state === 'past_due' && row.graceUntil;
  const graceUntil = state !== 'past_due' ? null : stillPastDue ? row.graceUntil : new Date(now.getTime() + graceDays * 86_400_000);
  return { stripeSubscriptionId: snap.id, state, currentPeriodEnd: snap.currentPeriodEnd, cancelAtPeriodEnd: snap.cancelAtPeriodEnd, graceUntil };
}

export function isRunning(state: SubscriptionState): boolean {
  return RUNNING.has(state);
}
