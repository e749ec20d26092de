import type { SubscriptionState } from '../../../database/enums';

// What a member may do, as billing decides it (PRODUCT.md 9).
export interface Access {
  participate: boolean;
  initiate: boolean;
  // Set during a grace period: the checks (and matching) stop honouring it on their own then.
  expiresAt: Date | null;
}

export const NO_ACCESS: Access = { participate: false, initiate: false, expiresAt: null };
export const FULL_ACCESS: Access = { participate: true, initiate: true, expiresAt: null };

// trialing/active: both; past_due: both until grace_until; everything else: none.
export function accessForSubscription(state: SubscriptionState, graceUntil: Date | null, now: Date): Access {
  if (state === 'trialing' || state === 'active') return FULL_ACCESS;
  if (state === 'past_due' && graceUntil && graceUntil > now) return { participate: true, initiate: true, expiresAt: graceUntil };
  return NO_ACCESS;
}

// How a row reads on domain events and for the "access ended" SMS: full, grace (granted until a
// date) or none. By its flags, not the clock: a grace period that ran out still reads `grace`
// until the sweep (or a Stripe event) turns it off, and that change is the one that texts.
export type AccessLabel = 'full' | 'grace' | 'none';

export function accessLabel(a: Access | null): AccessLabel {
  if (!a || !(a.participate || a.initiate)) return 'none';
  return a.expiresAt ? 'grace' : 'full';
}

export function sameAccess(a: Access, b: Access): boolean {
  return a.participate === b.participate && a.initiate === b.initiate && (a.expiresAt?.getTime() ?? null) === (b.expiresAt ? new Date(b.expiresAt).getTime() : null);
}
