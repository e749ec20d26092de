import { PAGE_SECURITY_HEADERS } from '../../../common/web';
import type { BillingState, BillingStatus } from '../account/billing-state';

// What the billing page shows for each state: a heading, the one button's words, and the state
// in plain words (BillingState.summary).
const HEADINGS: Record<BillingStatus, string> = {
  none: 'No membership yet',
  trial: 'Free trial',
  active: 'Membership active',
  payment_failed: 'Payment failed',
  canceled: 'Membership ended',
  free: 'JOSH is free',
  admin: 'Membership from the JOSH team',
};

export interface BillingPageView {
  heading: string;
  summary: string;
  entitled: boolean;
  // The one form: POST /billing/checkout or /billing/portal, or none (free mode).
  form: { action: string; label: string } | null;
}

export function billingPageView(state: BillingState): BillingPageView {
  return { heading: HEADINGS[state.status], summary: state.summary, entitled: state.entitled, form: formOf(state) };
}

function formOf(state: BillingState): BillingPageView['form'] {
  if (state.action === 'subscribe') return { action: '/billing/checkout', label: state.status === 'canceled' ? 'Start a new membership' : 'Start my membership' };
  if (state.action === 'manage') return { action: '/billing/portal', label: state.status === 'payment_failed' ? 'Update my card' : 'Manage my membership' };
  return null;
}

// Outcomes shown after a redirect (`/billing?done=...`).
export const BILLING_NOTICES: Record<string, { kind: 'ok' | 'warn'; text: string }> = {
  already: { kind: 'ok', text: 'You already have a membership: you can manage it below.' },
  nothing_to_manage: { kind: 'warn', text: "There's no membership to manage yet: you can start one below." },
  expired: { kind: 'warn', text: 'That form had expired. Please try again.' },
  busy: { kind: 'warn', text: 'Too many tries in a short time. Please wait a few minutes and try again.' },
};

// Our forms post to /billing, which redirects (303) to Stripe's hosted Checkout or Billing Portal.
// Browsers apply the page's CSP form-action to that redirect too, so the billing page allows
// Stripe's two page origins (and the fake's, with STRIPE_API_BASE, outside production).
const STRIPE_PAGE_ORIGINS = ['https://checkout.stripe.com', 'https://billing.stripe.com'];

export function billingPageCsp(stripeApiBase?: string): string {
  const origins = [...STRIPE_PAGE_ORIGINS, ...(stripeApiBase ? [new URL(stripeApiBase).origin] : [])];
  const csp = PAGE_SECURITY_HEADERS['Content-Security-Policy'];
  if (!csp.includes("form-action 'self'")) throw new Error("the page CSP has no form-action 'self' to extend");
  return csp.replace("form-action 'self'", `form-action 'self' ${origins.join(' ')}`);
}
