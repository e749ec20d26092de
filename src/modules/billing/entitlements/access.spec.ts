import { accessForSubscription, accessLabel, NO_ACCESS } from './access';

const now = new Date('2026-03-10T12:00:00Z');
const later = new Date('2026-03-13T12:00:00Z');

describe('access from a subscription', () => {
  it('gives both to trialing and active members', () => {
    expect(accessForSubscription('trialing', null, now)).toEqual({ participate: true, initiate: true, expiresAt: null });
    expect(accessForSubscription('active', null, now)).toEqual({ participate: true, initiate: true, expiresAt: null });
  });

  it('gives both to past_due until grace_until, then none', () => {
    expect(accessForSubscription('past_due', later, now)).toEqual({ participate: true, initiate: true, expiresAt: later });
    expect(accessForSubscription('past_due', later, new Date(later.getTime() + 1))).toEqual(NO_ACCESS);
    expect(accessForSubscription('past_due', null, now)).toEqual(NO_ACCESS);
  });

  it.each(['canceled', 'unpaid', 'none'] as const)('gives nothing to %s', (state) => {
    expect(accessForSubscription(state, later, now)).toEqual(NO_ACCESS);
  });

  it('labels rows by their flags', () => {
    expect(accessLabel(null)).toBe('none');
    expect(accessLabel(NO_ACCESS)).toBe('none');
    expect(accessLabel({ participate: true, initiate: true, expiresAt: null })).toBe('full');
    expect(accessLabel({ participate: true, initiate: false, expiresAt: later })).toBe('grace');
  });
});
