import { decideApply } from './hold-rules';
import type { HoldRecord } from './holds.repository';

const now = new Date('2030-01-10T12:00:00Z');
const hold = (o: Partial<HoldRecord>): HoldRecord => ({
  userId: 'u', state: 'soft_hold', reason: 'strikes', appliedAt: now, expiresAt: null, clearedAt: null, appliedByAdmin: null, ...o,
});

describe('decideApply', () => {
  it('applies when nothing is in force: no row, none, cleared, or expired', () => {
    const req = { kind: 'soft_hold' as const, reason: 'x', expiresAt: null };
    expect(decideApply(null, req, now)).toBe('applied');
    expect(decideApply(hold({ state: 'none' }), req, now)).toBe('applied');
    expect(decideApply(hold({ clearedAt: now }), req, now)).toBe('applied');
    expect(decideApply(hold({ expiresAt: new Date(now.getTime() - 1) }), req, now)).toBe('applied');
  });

  it('never downgrades a hard hold, and raises a soft one', () => {
    expect(decideApply(hold({ state: 'hard_hold' }), { kind: 'soft_hold', reason: 'x', expiresAt: null }, now)).toBe('kept_stronger');
    expect(decideApply(hold({ state: 'soft_hold' }), { kind: 'hard_hold', reason: 'x', expiresAt: null }, now)).toBe('applied');
  });

  it('is a no-op for the same hold and a change for another expiry or reason', () => {
    const until = new Date('2030-02-01T00:00:00Z');
    const current = hold({ state: 'hard_hold', reason: 'review', expiresAt: until });
    expect(decideApply(current, { kind: 'hard_hold', reason: 'review', expiresAt: new Date(until) }, now)).toBe('unchanged');
    expect(decideApply(current, { kind: 'hard_hold', reason: 'review', expiresAt: null }, now)).toBe('changed');
    expect(decideApply(current, { kind: 'hard_hold', reason: 'other', expiresAt: until }, now)).toBe('changed');
  });
});
