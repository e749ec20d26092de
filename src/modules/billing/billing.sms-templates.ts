import type { SmsTemplateCatalog } from '../../common/sms-templates';
import { describeBilling, type BillingFacts } from './account/billing-state';
import { billingCopy } from './sms/billing-copy';
import type { SubscriptionRow } from './subscriptions/subscription-state';

const link = 'https://josh.example/m/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const now = new Date('2030-03-10T12:00:00Z');
const later = new Date('2030-04-10T12:00:00Z');
const sub = (state: SubscriptionRow['state'], cancelAtPeriodEnd = false): SubscriptionRow => ({
  id: 'row', userId: 'u', stripeSubscriptionId: 'sub_1', state, currentPeriodEnd: later, cancelAtPeriodEnd, graceUntil: later, lastStripeEventId: null,
});
const entitled = { eligibleToParticipate: true, source: 'stripe', expiresAt: null };
const facts = (o: Partial<BillingFacts>): BillingFacts => ({ mode: 'stripe', subscription: null, entitlement: null, now, timeZone: 'UTC', ...o });

// Every state the BILLING reply can describe (it quotes the summary in plain words).
const STATES = [
  facts({ mode: 'free', entitlement: { ...entitled, source: 'free' } }),
  facts({}),
  facts({ subscription: sub('trialing'), entitlement: entitled }),
  facts({ subscription: sub('active'), entitlement: entitled }),
  facts({ subscription: sub('active', true), entitlement: entitled }),
  facts({ subscription: sub('past_due'), entitlement: { ...entitled, expiresAt: later } }),
  facts({ subscription: sub('unpaid') }),
  facts({ subscription: sub('canceled') }),
  facts({ entitlement: { ...entitled, source: 'admin', expiresAt: later } }),
].map(describeBilling);

export const smsTemplates: SmsTemplateCatalog = {
  module: 'billing',
  templates: Object.keys(billingCopy),
  render: () => ({
    paymentFailed: billingCopy.paymentFailed('Tue, Mar 10', link),
    accessEnded: billingCopy.accessEnded(link),
    howToSubscribe: [billingCopy.howToSubscribe('stripe', link), billingCopy.howToSubscribe('free')],
    billingReply: STATES.flatMap((s) => [billingCopy.billingReply(s, link), billingCopy.billingReply(s)]),
  }),
};
