// Billing's SMS and plain-words copy. GSM-7, short, and never an opt-out word as an instruction
// (billing-copy.spec.ts checks every message).
//
// `link` is the billing page's magic link. Until the member pages exist (issue 9) nobody passes
// one and the copy says "Text BILLING to ..."; with a link the same sentence points at the page.

function nextStep(what: string, link?: string): string {
  return link ? `${what[0].toUpperCase()}${what.slice(1)} here: ${link}` : `Text BILLING to ${what}.`;
}

// "Tue, Mar 10" in the member's time zone.
export function formatDay(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone }).format(date);
}

export const billingCopy = {
  paymentFailed(accessUntil: string, link?: string): string {
    return `JOSH: Your membership payment didn't go through. You keep full access until ${accessUntil}. ${nextStep('update your card', link)}`;
  },

  accessEnded(link?: string): string {
    return `JOSH: Your membership has lapsed, so LinkUp invites are paused and you can't start one. ${nextStep('renew it', link)}`;
  },

  // Appended to any "you need a membership" answer (e.g. a LinkUp request from an unentitled member).
  howToSubscribe(mode: 'free' | 'stripe', link?: string): string {
    return mode === 'stripe' ? nextStep('get one', link) : 'Reply HELP if you think this is wrong.';
  },
};
