import type { InviteState, LinkUpState } from '../../../database/enums';
import { LinkupsError } from '../linkups.errors';
import {
  acceptanceWindowEnd,
  assertTransition,
  canInviteTransition,
  canTransition,
  decideAccept,
  refillDeadline,
  decideWindowClose,
  inviteExpiry,
  isLateCancel,
  reminderSchedule,
  waveSize,
  type AcceptFacts,
} from './linkup-state';

const now = new Date('2025-11-26T15:00:00Z');
const facts = (over: Partial<AcceptFacts> = {}): AcceptFacts => ({
  linkupState: 'broadcasting',
  inviteState: 'pending',
  confirmed: 1,
  maxSize: 6,
  now,
  inviteExpiresAt: new Date(now.getTime() + 3_600_000),
  ...over,
});

describe('linkup state machine', () => {
  it.each<[LinkUpState, LinkUpState, boolean]>([
    ['draft', 'broadcasting', true],
    ['broadcasting', 'locked', true],
    ['broadcasting', 'expired', true],
    ['broadcasting', 'canceled', true],
    ['locked', 'completed', true],
    ['locked', 'canceled', true],
    ['locked', 'broadcasting', false],
    ['expired', 'locked', false],
    ['canceled', 'broadcasting', false],
    ['completed', 'canceled', false],
  ])('%s -> %s allowed: %s', (from, to, ok) => {
    expect(canTransition(from, to)).toBe(ok);
    if (ok) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(LinkupsError);
  });

  it.each<[InviteState, InviteState, boolean]>([
    ['pending', 'accepted', true],
    ['pending', 'closed', true],
    ['accepted', 'declined', false],
    ['expired', 'accepted', false],
  ])('invite %s -> %s allowed: %s', (from, to, ok) => {
    expect(canInviteTransition(from, to)).toBe(ok);
  });
});

describe('accept decision', () => {
  it.each<[string, Partial<AcceptFacts>, string, boolean | null]>([
    ['a pending invite with room', {}, 'accept', false],
    ['the reply that fills the group', { confirmed: 5 }, 'accept', true],
    ['a full group not yet locked', { confirmed: 6 }, 'filled_up', null],
    ['a locked LinkUp', { linkupState: 'locked' }, 'filled_up', null],
    ['an invite closed by the lock', { inviteState: 'closed', linkupState: 'locked' }, 'filled_up', null],
    ['an invite closed by a cancel', { inviteState: 'closed', linkupState: 'canceled' }, 'gone', null],
    ['an expired LinkUp', { linkupState: 'expired' }, 'gone', null],
    ['an invite past its expiry', { inviteExpiresAt: now }, 'invite_expired', null],
    ['an expired invite', { inviteState: 'expired' }, 'invite_expired', null],
    ['a second YES', { inviteState: 'accepted' }, 'already_in', null],
    ['a YES after a NO', { inviteState: 'declined' }, 'invite_declined', null],
    ['a refill of a locked LinkUp with a spot free', { linkupState: 'locked', refillOpen: true, confirmed: 4 }, 'accept', false],
    ['the refill that fills the group (already locked)', { linkupState: 'locked', refillOpen: true, confirmed: 5 }, 'accept', false],
    ['a refill with the group full again', { linkupState: 'locked', refillOpen: true, confirmed: 6 }, 'filled_up', null],
    ['a refill invite past its expiry', { linkupState: 'locked', refillOpen: true, inviteExpiresAt: now }, 'invite_expired', null],
    ['a refill invite after the refill deadline', { linkupState: 'locked', refillOpen: false, confirmed: 4 }, 'filled_up', null],
  ])('%s -> %s', (_name, over, kind, locksNow) => {
    const d = decideAccept(facts(over));
    expect(d.kind).toBe(kind);
    expect(d.kind === 'accept' ? d.locksNow : null).toBe(locksNow);
  });

  it('never accepts beyond max_size, whatever the order of replies', () => {
    let confirmed = 1;
    let accepted = 0;
    for (let i = 0; i < 200; i++) {
      const d = decideAccept(facts({ confirmed, linkupState: confirmed >= 6 ? 'locked' : 'broadcasting' }));
      if (d.kind === 'accept') {
        confirmed += 1;
        accepted += 1;
      }
    }
    expect(accepted).toBe(5);
    expect(confirmed).toBe(6);
  });
});

describe('refill deadline', () => {
  it('is LINKUP_LOCK_LEAD_MINUTES before the event', () => {
    expect(refillDeadline(new Date('2030-01-05T10:00:00Z'), 120).toISOString()).toBe('2030-01-05T08:00:00.000Z');
  });
});

describe('window, waves, reminders', () => {
  it('locks at window end with at least min_size, else expires', () => {
    expect(decideWindowClose(3, 3)).toBe('lock');
    expect(decideWindowClose(2, 3)).toBe('expire');
    expect(decideWindowClose(1, 2)).toBe('expire');
  });

  it.each<[number, number, number, number]>([
    [6, 1, 0, 10],
    [6, 1, 10, 0],
    [6, 1, 7, 3],
    [6, 4, 1, 3],
    [6, 6, 0, 0],
    [2, 1, 0, 2],
  ])('max %i, confirmed %i, pending %i -> wave of %i', (max, confirmed, pending, size) => {
    expect(waveSize(max, confirmed, pending, 2)).toBe(size);
  });

  it('expires an invite after its ttl or at window end, whichever is first', () => {
    const windowEnd = new Date(now.getTime() + 24 * 3_600_000);
    expect(inviteExpiry(now, 180, windowEnd).toISOString()).toBe('2025-11-26T18:00:00.000Z');
    expect(inviteExpiry(now, 180, new Date(now.getTime() + 3_600_000)).toISOString()).toBe('2025-11-26T16:00:00.000Z');
  });

  it('closes the acceptance window before the event', () => {
    const farEvent = new Date(now.getTime() + 72 * 3_600_000);
    const nearEvent = new Date(now.getTime() + 6 * 3_600_000);
    expect(acceptanceWindowEnd(now, farEvent, 24, 120).toISOString()).toBe('2025-11-27T15:00:00.000Z');
    expect(acceptanceWindowEnd(now, nearEvent, 24, 120).toISOString()).toBe('2025-11-26T19:00:00.000Z');
  });

  it('schedules reminders 24 h and 2 h before and the outcome check 3 h after, skipping the past', () => {
    const offsets = { dayBeforeMinutes: 1440, hoursBeforeMinutes: 120, outcomeAfterMinutes: 180 };
    const event = new Date('2025-11-29T15:00:00Z');
    expect(reminderSchedule(event, now, offsets).map((r) => [r.type, r.at.toISOString()])).toEqual([
      ['day_before', '2025-11-28T15:00:00.000Z'],
      ['hours_before', '2025-11-29T13:00:00.000Z'],
      ['outcome_check', '2025-11-29T18:00:00.000Z'],
    ]);
    const soon = new Date(now.getTime() + 10 * 3_600_000);
    expect(reminderSchedule(soon, now, offsets).map((r) => r.type)).toEqual(['hours_before', 'outcome_check']);
  });

  it('counts a cancellation inside 24 h of the event as late', () => {
    expect(isLateCancel(now, new Date(now.getTime() + 23 * 3_600_000), 24)).toBe(true);
    expect(isLateCancel(now, new Date(now.getTime() + 25 * 3_600_000), 24)).toBe(false);
    expect(isLateCancel(now, null, 24)).toBe(false);
  });
});

describe('edges', () => {
  it('names both states in a refused transition', () => {
    let error: unknown;
    try {
      assertTransition('completed', 'locked');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LinkupsError);
    expect((error as LinkupsError).message).toBe('A LinkUp cannot go from completed to locked.');
    expect((error as LinkupsError).details).toEqual({ from: 'completed', to: 'locked' });
  });

  it('accepts an invite without an expiry, and one expiring a millisecond from now', () => {
    expect(decideAccept(facts({ inviteExpiresAt: null })).kind).toBe('accept');
    expect(decideAccept(facts({ inviteExpiresAt: new Date(now.getTime() + 1) })).kind).toBe('accept');
    expect(decideAccept(facts({ inviteExpiresAt: new Date(now.getTime() - 1) })).kind).toBe('invite_expired');
  });

  it('treats a draft or completed LinkUp as gone', () => {
    expect(decideAccept(facts({ linkupState: 'draft' })).kind).toBe('gone');
    expect(decideAccept(facts({ linkupState: 'completed' })).kind).toBe('gone');
    expect(decideAccept(facts({ linkupState: 'canceled', refillOpen: true })).kind).toBe('gone');
    expect(decideAccept(facts({ inviteState: 'closed', linkupState: 'broadcasting' })).kind).toBe('gone');
  });

  it('locks on the reply that reaches max_size, not before', () => {
    expect(decideAccept(facts({ confirmed: 4 }))).toEqual({ kind: 'accept', locksNow: false });
    expect(decideAccept(facts({ confirmed: 5 }))).toEqual({ kind: 'accept', locksNow: true });
    expect(decideAccept(facts({ confirmed: 1, maxSize: 2 }))).toEqual({ kind: 'accept', locksNow: true });
  });

  it('drops a reminder whose moment is exactly now, and keeps the outcome check even when past', () => {
    const offsets = { dayBeforeMinutes: 1440, hoursBeforeMinutes: 120, outcomeAfterMinutes: 180 };
    const event = new Date(now.getTime() + 120 * 60_000);
    expect(reminderSchedule(event, now, offsets).map((r) => r.type)).toEqual(['outcome_check']);
    const justAfter = new Date(now.getTime() + 120 * 60_000 + 1);
    expect(reminderSchedule(justAfter, now, offsets).map((r) => r.type)).toEqual(['hours_before', 'outcome_check']);
    const past = new Date(now.getTime() - 10 * 3_600_000);
    expect(reminderSchedule(past, now, offsets).map((r) => [r.type, r.at.toISOString()])).toEqual([['outcome_check', '2025-11-26T08:00:00.000Z']]);
  });

  it('counts a cancellation exactly the late-cancel hours before as not late', () => {
    expect(isLateCancel(now, new Date(now.getTime() + 24 * 3_600_000), 24)).toBe(false);
    expect(isLateCancel(now, new Date(now.getTime() + 24 * 3_600_000 - 1), 24)).toBe(true);
    expect(isLateCancel(now, new Date(now.getTime() - 3_600_000), 24)).toBe(true);
  });

  it('locks with exactly min_size', () => {
    expect(decideWindowClose(2, 2)).toBe('lock');
    expect(decideWindowClose(4, 3)).toBe('lock');
  });

  it('sends no wave when more are confirmed than fit, and scales with the multiplier', () => {
    expect(waveSize(6, 8, 0, 2)).toBe(0);
    expect(waveSize(6, 1, 0, 3)).toBe(15);
    expect(waveSize(6, 1, 20, 3)).toBe(0);
  });

  it('takes the earlier of ttl and window end, exactly', () => {
    const end = new Date(now.getTime() + 60 * 60_000);
    expect(inviteExpiry(now, 60, end).toISOString()).toBe(end.toISOString());
    expect(inviteExpiry(now, 59, end).toISOString()).toBe('2025-11-26T15:59:00.000Z');
    expect(acceptanceWindowEnd(now, new Date(now.getTime() + 26 * 3_600_000), 24, 120).toISOString()).toBe('2025-11-27T15:00:00.000Z');
    expect(acceptanceWindowEnd(now, new Date(now.getTime() + 25 * 3_600_000), 24, 120).toISOString()).toBe('2025-11-27T14:00:00.000Z');
  });
});
