import type { InviteState, LinkUpState } from '../../../database/enums';
import { LinkupsError, LinkupsErrorCode } from '../linkups.errors';

// The LinkUp and invite state machines, and the decisions of the accept/lock path, as pure code.
// The services apply them under a row lock on the linkup (see linkup-lock.repository.ts).

const LINKUP_TRANSITIONS: Record<LinkUpState, readonly LinkUpState[]> = {
  draft: ['broadcasting', 'canceled'],
  broadcasting: ['locked', 'expired', 'canceled'],
  locked: ['completed', 'canceled'],
  completed: [],
  expired: [],
  canceled: [],
};

const INVITE_TRANSITIONS: Record<InviteState, readonly InviteState[]> = {
  pending: ['accepted', 'declined', 'expired', 'closed'],
  accepted: [],
  declined: [],
  expired: [],
  closed: [],
};

export function canTransition(from: LinkUpState, to: LinkUpState): boolean {
  return LINKUP_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: LinkUpState, to: LinkUpState): void {
  if (!canTransition(from, to)) {
    throw new LinkupsError(LinkupsErrorCode.InvalidTransition, `A LinkUp cannot go from ${from} to ${to}.`, { from, to });
  }
}

export function canInviteTransition(from: InviteState, to: InviteState): boolean {
  return INVITE_TRANSITIONS[from].includes(to);
}

// Members whose LinkUp is still ahead: STATUS lists these, and they count as busy.
export const OPEN_LINKUP_STATES: readonly LinkUpState[] = ['broadcasting', 'locked'];

export interface AcceptFacts {
  linkupState: LinkUpState;
  inviteState: InviteState;
  confirmed: number; // confirmed participants, initiator included
  maxSize: number;
  now: Date;
  inviteExpiresAt: Date | null;
  // A locked LinkUp whose refill window is open (a spot freed after the lock is being offered).
  refillOpen?: boolean;
}

export type AcceptDecision =
  | { kind: 'accept'; locksNow: boolean }
  | { kind: 'already_in' }
  | { kind: 'filled_up' } // the group is full or locked: "this one filled up"
  | { kind: 'gone' } // canceled, expired or over
  | { kind: 'invite_expired' }
  | { kind: 'invite_declined' };

// Decided under the linkup row lock, so `confirmed` cannot change until the transaction ends.
export function decideAccept(f: AcceptFacts): AcceptDecision {
  if (f.inviteState === 'accepted') return { kind: 'already_in' };
  if (f.inviteState === 'declined') return { kind: 'invite_declined' };
  if (f.inviteState === 'closed') return f.linkupState === 'locked' ? { kind: 'filled_up' } : { kind: 'gone' };
  if (f.inviteState === 'expired') return { kind: 'invite_expired' };
  if (f.linkupState === 'locked' && !f.refillOpen) return { kind: 'filled_up' };
  if (f.linkupState !== 'broadcasting' && f.linkupState !== 'locked') return { kind: 'gone' };
  if (f.inviteExpiresAt && f.inviteExpiresAt.getTime() <= f.now.getTime()) return { kind: 'invite_expired' };
  if (f.confirmed >= f.maxSize) return { kind: 'filled_up' };
  // Joining a locked LinkUp (a refill) never locks it again.
  return { kind: 'accept', locksNow: f.linkupState === 'broadcasting' && f.confirmed + 1 >= f.maxSize };
}

// Spots freed after the lock are offered until this long before the event (the same lead as the
// acceptance window's), so a newcomer still has time to plan.
export function refillDeadline(eventTime: Date, lockLeadMinutes: number): Date {
  return new Date(eventTime.getTime() - lockLeadMinutes * 60_000);
}

// At the end of the acceptance window: lock with at least min_size (initiator included), else expire.
export function decideWindowClose(confirmed: number, minSize: number): 'lock' | 'expire' {
  return confirmed >= minSize ? 'lock' : 'expire';
}

// Waves keep `multiplier x open slots` invites pending; the next wave only tops up.
export function waveSize(maxSize: number, confirmed: number, pending: number, multiplier: number): number {
  return Math.max(0, multiplier * Math.max(0, maxSize - confirmed) - pending);
}

// An invite lives `ttlMinutes` or until the acceptance window ends, whichever comes first.
export function inviteExpiry(now: Date, ttlMinutes: number, windowEndsAt: Date): Date {
  return new Date(Math.min(now.getTime() + ttlMinutes * 60_000, windowEndsAt.getTime()));
}

// The window is `windowHours` long but closes `lockLeadMinutes` before the event at the latest.
export function acceptanceWindowEnd(now: Date, eventTime: Date, windowHours: number, lockLeadMinutes: number): Date {
  return new Date(Math.min(now.getTime() + windowHours * 3_600_000, eventTime.getTime() - lockLeadMinutes * 60_000));
}

export type ReminderType = 'day_before' | 'hours_before' | 'outcome_check';

export interface ReminderOffsets {
  dayBeforeMinutes: number;
  hoursBeforeMinutes: number;
  outcomeAfterMinutes: number;
}

// Reminders still ahead at lock time; a reminder whose moment has passed is not scheduled.
export function reminderSchedule(eventTime: Date, now: Date, o: ReminderOffsets): Array<{ type: ReminderType; at: Date }> {
  const t = eventTime.getTime();
  const all: Array<{ type: ReminderType; at: Date }> = [
    { type: 'day_before', at: new Date(t - o.dayBeforeMinutes * 60_000) },
    { type: 'hours_before', at: new Date(t - o.hoursBeforeMinutes * 60_000) },
    { type: 'outcome_check', at: new Date(t + o.outcomeAfterMinutes * 60_000) },
  ];
  return all.filter((r) => r.type === 'outcome_check' || r.at.getTime() > now.getTime());
}

// A cancellation this close to the event counts as late (and earns a strike).
export function isLateCancel(now: Date, eventTime: Date | null, lateCancelHours: number): boolean {
  if (!eventTime) return false;
  return eventTime.getTime() - now.getTime() < lateCancelHours * 3_600_000;
}
