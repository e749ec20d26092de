import { smsTemplates } from '../billing.sms-templates';
import { billingCopy } from './billing-copy';

// Carriers' opt-out words (PRODUCT.md 4): our texts never ask a member to send one.
const OPT_OUT = /\b(stop|stopall|unsubscribe|cancel|end|quit|optout|revoke)\b/i;

describe('billing copy', () => {
  const link = 'https://josh.example/m/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  const all = Object.values(smsTemplates.render()).flat();

  it.each(all)('never asks for an opt-out word, and fits two GSM-7 segments: %s', (text) => {
    expect(text).not.toMatch(OPT_OUT);
    expect(text).toMatch(/^[A-Za-z0-9 .,:;'!?/_=-]+$/); // all in GSM-7's basic set
    expect(text.length).toBeLessThanOrEqual(306);
  });

  it('points every billing text at the billing page link', () => {
    expect(billingCopy.paymentFailed('Tue, Mar 10', link)).toMatch(new RegExp(`Update your card here: ${link}$`));
    expect(billingCopy.accessEnded(link)).toMatch(new RegExp(`Renew it here: ${link}$`));
    expect(billingCopy.howToSubscribe('stripe', link)).toBe(`Get one here: ${link}`);
  });

  it('words the BILLING reply after the page button, and leaves the link out when there is nothing to do', () => {
    const reply = (status: string, action: 'subscribe' | 'manage' | null) =>
      billingCopy.billingReply({ status: status as never, action, summary: 'S.' }, link);
    expect(reply('none', 'subscribe')).toBe(`JOSH: S. Start one here: ${link}`);
    expect(reply('canceled', 'subscribe')).toBe(`JOSH: S. Start a new one here: ${link}`);
    expect(reply('active', 'manage')).toBe(`JOSH: S. Manage it here: ${link}`);
    expect(reply('payment_failed', 'manage')).toBe(`JOSH: S. Your billing page: ${link}`);
    expect(reply('admin', 'subscribe')).toBe(`JOSH: S. Your billing page: ${link}`);
    expect(reply('free', null)).toBe('JOSH: S.');
  });
});
