import { billingCopy } from './billing-copy';

// Carriers' opt-out words (PRODUCT.md 4): our texts never ask a member to send one.
const OPT_OUT = /\b(stop|stopall|unsubscribe|cancel|end|quit|optout|revoke)\b/i;

describe('billing copy', () => {
  const link = 'https://josh.example/m/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  const all = [
    billingCopy.paymentFailed('Tue, Mar 10'), billingCopy.paymentFailed('Tue, Mar 10', link),
    billingCopy.accessEnded(), billingCopy.accessEnded(link),
    billingCopy.howToSubscribe('stripe'), billingCopy.howToSubscribe('stripe', link), billingCopy.howToSubscribe('free'),
  ];

  it.each(all)('never asks for an opt-out word, and fits two GSM-7 segments: %s', (text) => {
    expect(text).not.toMatch(OPT_OUT);
    expect(text).toMatch(/^[A-Za-z0-9 .,:;'!?/_=-]+$/); // all in GSM-7's basic set
    expect(text.length).toBeLessThanOrEqual(306);
  });

  it('says "text BILLING" until the page exists, and points at the link once there is one', () => {
    expect(billingCopy.paymentFailed('Tue, Mar 10')).toMatch(/Text BILLING to update your card\.$/);
    expect(billingCopy.paymentFailed('Tue, Mar 10', link)).toMatch(new RegExp(`Update your card here: ${link}$`));
  });
});
