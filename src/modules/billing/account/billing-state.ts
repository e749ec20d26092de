import { formatDay } from '../sms/billing-copy';
import { isRunning, type SubscriptionRow } from '../subscriptions/subscription-state';

// What the billing page (and the BILLING text) shows: a typed state, and the same in plain words.
export type BillingStatus = 'free' | 'none' | 'trial' | 'active' | 'payment_failed' | 'canceled' | 'admin';

export interface BillingState {
  mode: 'free' | 'stripe';
  status: BillingStatus;
  // May be invited and start LinkUps right now.
  entitled: boolean;
  // Trial end, renewal or end of the paid period, end of grace, end of an admin grant.
  until: Date | null;
  // False once the member asked to stop at the end of the period.
  renews: boolean;
  // The page's one button: a Checkout Session (subscribe) or the Billing Portal (manage).
  action: 'subscribe' | 'manage' | null;
  summary: string;
}

export interface BillingFacts {
  mode: 'free' | 'stripe';
  subscription: SubscriptionRow | null;
  entitlement: { eligibleToParticipate: boolean; source: string; expiresAt: Date | null } | null;
  now: Date;
  timeZone: string;
}

export function describeBilling(f: BillingFacts): BillingState {
  const e = f.entitlement;
  const entitled = Boolean(e?.eligibleToParticipate && (!e.expiresAt || new Date(e.expiresAt) > f.now));
  const day = (d: Date | null) => (d ? formatDay(new Date(d), f.timeZone) : null);
  const base = { mode: f.mode, entitled, until: null, renews: false };
  if (f.mode === 'free') return { ...base, status: 'free', action: null, summary: 'JOSH is free right now: there is nothing to pay.' };
  const sub = f.subscription;
  const running = sub !== null && isRunning(sub.state);
  const action = running ? 'manage' : 'subscribe';
  // Stryker disable next-line OptionalChaining: equivalent, `entitled` is only true with an entitlement
  if (!running && entitled && e?.source === 'admin') {
    const until = e.expiresAt ? new Date(e.expiresAt) : null;
    return { ...base, status: 'admin', until, action, summary: `The JOSH team gave you a membership${until ? ` until ${day(until)}` : ''}.` };
  }
  if (!sub || sub.state === 'none') return { ...base, status: 'none', action, summary: "You don't have a membership yet." };
  const end = sub.currentPeriodEnd ? new Date(sub.currentPeriodEnd) : null;
  const renews = !sub.cancelAtPeriodEnd;
  switch (sub.state) {
    case 'trialing':
      return { ...base, status: 'trial', until: end, renews, action, summary: trialWords(day(end), renews) };
    case 'active':
      return { ...base, status: 'active', until: end, renews, action, summary: activeWords(day(end), renews) };
    case 'past_due':
    case 'unpaid': {
      const until = sub.state === 'past_due' && sub.graceUntil ? new Date(sub.graceUntil) : null;
      const summary = entitled && until
        ? `Your last payment failed. You keep access until ${day(until)}; update your card to keep it.`
        : 'Your last payment failed and your access has ended. Update your card to get it back.';
      return { ...base, status: 'payment_failed', until, action, summary };
    }
    default:
      return { ...base, status: 'canceled', action, summary: 'Your membership has ended.' };
  }
}

function trialWords(end: string | null, renews: boolean): string {
  if (!end) return "You're on a free trial.";
  return renews ? `You're on a free trial until ${end}; your membership starts then.` : `Your free trial ends ${end} and won't renew.`;
}

function activeWords(end: string | null, renews: boolean): string {
  if (!end) return 'Your membership is active.';
  return renews ? `Your membership is active and renews on ${end}.` : `Your membership is active until ${end} and won't renew.`;
}
