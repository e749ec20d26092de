import type { BillingState } from '../account/billing-state';

// Billing's SMS and plain-words copy. GSM-7, short, and never an opt-out word as an instruction
// (billing-copy.spec.ts and billing.sms-templates.ts check every message).
//
// `link` is a fresh magic link to the billing page (/billing). In free mode there is nothing to
// pay and no link: the copy then says what to do instead.

function nextStep(what: string, link: string): string {
  return `${what[0].toUpperCase()}${what.slice(1)} here: ${link}`;
}

// "Tue, Mar 10" in the member's time zone.
export function formatDay(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone }).format(date);
}

// The BILLING reply's pointer to the page, after the summary (which already says to update the
// card when a payment failed).
function pageLink(state: Pick<BillingState, 'status' | 'action'>, link: string): string {
  if (state.status === 'payment_failed' || state.status === 'admin') return `Your billing page: ${link}`;
  if (state.status === 'canceled') return nextStep('start a new one', link);
  return nextStep(state.action === 'manage' ? 'manage it' : 'start one', link);
}

export const billingCopy = {
  paymentFailed(accessUntil: string, link: string): string {
    return `JOSH: Your membership payment didn't go through. You keep full access until ${accessUntil}. ${nextStep('update your card', link)}`;
  },

  accessEnded(link: string): string {
    return `JOSH: Your membership has lapsed, so LinkUp invites are paused and you can't start one. ${nextStep('renew it', link)}`;
  },

  // Appended to any "you need a membership" answer (e.g. a LinkUp request from an unentitled member).
  howToSubscribe(mode: 'free' | 'stripe', link?: string): string {
    return mode === 'stripe' && link ? nextStep('get one', link) : 'Reply HELP if you think this is wrong.';
  },

  // The answer to BILLING / SUBSCRIBE: the state in plain words and, when the page has a button,
  // the link to it.
  billingReply(state: Pick<BillingState, 'status' | 'action' | 'summary'>, link?: string): string {
    return link && state.action ? `JOSH: ${state.summary} ${pageLink(state, link)}` : `JOSH: ${state.summary}`;
  },
};
