import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { DomainEventsService } from '../../../common/domain-events';
import { InvitesRepository, type InviteRecord } from '../data/invites.repository';
import { LinkupsRepository, type LinkupRecord } from '../data/linkups.repository';
import { ParticipantsRepository } from '../data/participants.repository';
import { RemindersRepository } from '../data/reminders.repository';
import { SafetyService } from '../../safety/core';
import { decideAccept, decideWindowClose, refillDeadline, reminderSchedule, type AcceptDecision } from '../lifecycle/linkup-state';
import { LinkupsError, LinkupsErrorCode } from '../linkups.errors';
import { LinkupsSettings } from '../linkups.settings';
import { LinkupNotifier } from '../messages/linkup-notifier';
import { MembersPort, ProfileSignalsPort, RegionsPort } from '../ports/ports';

export type AcceptResult = {
  kind: Exclude<AcceptDecision['kind'], 'accept'> | 'accepted' | 'no_invite' | 'on_hold';
  linkupId?: string;
  locked?: boolean;
  // Took a spot freed after the lock (the group was already set).
  intoLocked?: boolean;
};

// How long after an invite a bare YES still refers to it ("this one filled up").
const LATE_REPLY_WINDOW_MS = 2 * 86_400_000;

// The accept and lock path (PRODUCT.md section 6). Every change to a LinkUp's group happens under
// its row lock (SELECT ... FOR UPDATE), taken before any invite or participant row, so the count of
// confirmed participants cannot move between the check and the insert: the group never exceeds
// max_size however many YES replies arrive at once. lock_version is bumped on every change as a
// second, optimistic guard and a cheap "something changed" marker for readers.
@Injectable()
export class LinkupLockService {
  constructor(
    private readonly linkups: LinkupsRepository,
    private readonly invites: InvitesRepository,
    private readonly participants: ParticipantsRepository,
    private readonly reminders: RemindersRepository,
    private readonly events: DomainEventsService,
    private readonly notifier: LinkupNotifier,
    private readonly members: MembersPort,
    private readonly regions: RegionsPort,
    private readonly signals: ProfileSignalsPort,
    private readonly safety: SafetyService,
    private readonly clock: Clock,
    @Inject(LinkupsSettings) private readonly settings: LinkupsSettings,
  ) {}

  async accept(userId: string, messageSid: string, correlationId: string | null, manager: EntityManager): Promise<AcceptResult> {
    const now = this.clock.now();
    const found =
      (await this.invites.findPendingForUser(userId, manager)) ??
      (await this.invites.findLatestForUser(userId, new Date(now.getTime() - LATE_REPLY_WINDOW_MS), manager));
    if (!found) return { kind: 'no_invite' };
    // A settled invite never changes again: answer from what it is, without queueing on the lock.
    if (found.state !== 'pending') {
      const current = (await this.linkups.findById(found.linkupId, manager))!;
      const settled = decideAccept({ linkupState: current.state, inviteState: found.state, confirmed: 0, maxSize: current.maxSize, now, inviteExpiresAt: null });
      return { kind: settled.kind === 'accept' ? 'gone' : settled.kind, linkupId: current.id };
    }
    const linkup = await this.mustLock(found.linkupId, manager);
    const invite = (await this.invites.lockById(found.id, manager))!;
    const confirmed = await this.participants.countConfirmed(linkup.id, manager);
    const decision = decideAccept({
      linkupState: linkup.state,
      inviteState: invite.state,
      confirmed,
      maxSize: linkup.maxSize,
      now,
      inviteExpiresAt: invite.expiresAt ? new Date(invite.expiresAt) : null,
      refillOpen: refillDeadline(new Date(linkup.eventTime), this.settings.LINKUP_LOCK_LEAD_MINUTES) > now,
    });
    if (decision.kind !== 'accept') {
      if (decision.kind === 'invite_expired') await this.expireOne(linkup, invite, now, correlationId, manager);
      return { kind: decision.kind, linkupId: linkup.id };
    }
    const refusal = await this.refusal(userId, linkup, now, manager);
    if (refusal) {
      await this.closeRefused(linkup, invite, refusal, now, correlationId, manager);
      // A block is never revealed: the member hears what any late YES hears.
      return { kind: refusal === 'on_hold' ? 'on_hold' : 'filled_up', linkupId: linkup.id };
    }
    await this.join(linkup, invite, confirmed, messageSid, now, correlationId, manager);
    if (linkup.state === 'locked') {
      await this.joinLocked(linkup, userId, now, correlationId, manager);
      return { kind: 'accepted', linkupId: linkup.id, locked: false, intoLocked: true };
    }
    const locked = decision.locksNow ? await this.lock(linkup, 'full', now, correlationId, manager) : false;
    return { kind: 'accepted', linkupId: linkup.id, locked };
  }

  // A member put on hold after the invite went out, or blocked with someone already in the group
  // (a block made after the invite), may not join.
  private async refusal(userId: string, linkup: LinkupRecord, now: Date, manager: EntityManager): Promise<'on_hold' | 'blocked' | null> {
    if (await this.safety.isOnHold(userId, now, manager)) return 'on_hold';
    const group = (await this.participants.listConfirmed(linkup.id, manager)).map((p) => p.userId);
    const pairs = await this.safety.blockedPairs([userId, ...group], manager);
    return pairs.some(([a, b]) => a === userId || b === userId) ? 'blocked' : null;
  }

  private async closeRefused(
    linkup: LinkupRecord,
    invite: InviteRecord,
    why: 'on_hold' | 'blocked',
    now: Date,
    correlationId: string | null,
    manager: EntityManager,
  ): Promise<void> {
    if (!(await this.invites.close(invite.id, now, manager))) return;
    await this.events.record({ ...inviteEvent(invite, 'pending', 'closed', correlationId), payload: { linkupId: linkup.id, reason: why } }, manager);
    await this.linkups.scheduleWave(linkup.id, now, manager);
  }

  // Took a spot freed after the lock: the newcomer gets the lock confirmation, the group hears who
  // is joining, and a group full again closes the invites still out.
  private async joinLocked(linkup: LinkupRecord, userId: string, now: Date, correlationId: string | null, manager: EntityManager): Promise<void> {
    const group = await this.participants.listConfirmed(linkup.id, manager);
    const names = new Map<string, string>();
    for (const p of group) names.set(p.userId, (await this.members.find(p.userId, manager))?.firstName ?? 'a new friend');
    const view = await this.notifier.view(linkup, manager);
    const others = group.filter((p) => p.userId !== userId);
    await this.notifier.send(userId, this.notifier.copy.lockConfirmation(view, others.map((p) => names.get(p.userId)!)), 'lock_confirmation',
      `lock:${linkup.id}:${userId}`, correlationId, manager);
    const body = this.notifier.copy.newcomer(view, names.get(userId)!, group.length);
    await this.notifier.sendEach(others.map((p) => p.userId), body, 'notice', `joined:${linkup.id}:${userId}`, correlationId, manager);
    if (group.length < linkup.maxSize) return;
    const closed = await this.invites.closePending(linkup.id, now, manager);
    await this.events.recordMany(closed.map((c) => inviteEvent({ id: c.id, linkupId: linkup.id }, 'pending', 'closed', correlationId)), manager);
  }

  // Under the row lock, with room checked: the member joins and the version moves on.
  private async join(
    linkup: LinkupRecord,
    invite: InviteRecord,
    confirmed: number,
    messageSid: string,
    now: Date,
    correlationId: string | null,
    manager: EntityManager,
  ): Promise<void> {
    const userId = invite.invitedUserId;
    await this.participants.insert(linkup.id, userId, 'participant', now, manager);
    await this.invites.answer(invite.id, 'accepted', now, messageSid, manager);
    if (!(await this.linkups.bumpLockVersion(linkup.id, linkup.lockVersion, manager))) {
      throw new LinkupsError(LinkupsErrorCode.InvalidTransition, 'The LinkUp changed under its row lock.');
    }
    await this.events.recordMany(
      [
        inviteEvent(invite, 'pending', 'accepted', correlationId),
        { entityType: 'linkup_participant', entityId: linkup.id, eventType: 'participant.joined', toState: 'confirmed',
          idempotencyKey: `participant.joined:${linkup.id}:${userId}`, correlationId, payload: { userId, confirmed: confirmed + 1 } },
      ],
      manager,
    );
    await this.signals.apply(userId, 'invite_accepted', linkup.brief.activity_key, `linkup-invite:${invite.id}`, correlationId, manager);
  }

  // A YES after the invite's time: it expires now (the sweep would have), and the next wave is due.
  private async expireOne(linkup: LinkupRecord, invite: InviteRecord, now: Date, correlationId: string | null, manager: EntityManager): Promise<void> {
    if (!(await this.invites.expire(invite.id, now, manager))) return;
    await this.events.record(inviteEvent(invite, 'pending', 'expired', correlationId), manager);
    await this.linkups.scheduleWave(linkup.id, now, manager);
  }

  async decline(
    userId: string,
    messageSid: string | null,
    correlationId: string | null,
    manager: EntityManager,
    via: 'reply' | 'opt_out',
  ): Promise<{ kind: 'declined' | 'no_invite'; linkupId?: string }> {
    const now = this.clock.now();
    const found = await this.invites.findPendingForUser(userId, manager);
    if (!found) return { kind: 'no_invite' };
    const linkup = await this.mustLock(found.linkupId, manager);
    if (!(await this.invites.answer(found.id, 'declined', now, messageSid, manager))) return { kind: 'no_invite' };
    await this.events.record({ ...inviteEvent(found, 'pending', 'declined', correlationId), payload: { via } }, manager);
    await this.linkups.scheduleWave(linkup.id, now, manager); // broadcasting, or a locked LinkUp refilling
    if (via === 'reply') {
      await this.signals.apply(userId, 'invite_declined', linkup.brief.activity_key, `linkup-invite:${found.id}`, correlationId, manager);
    }
    return { kind: 'declined', linkupId: linkup.id };
  }

  // Locks a broadcasting LinkUp the caller holds the row lock of: closes what is still pending,
  // confirms each participant once, schedules the reminders. False when it was no longer broadcasting.
  async lock(linkup: LinkupRecord, reason: 'full' | 'window', now: Date, correlationId: string | null, manager: EntityManager): Promise<boolean> {
    if (!(await this.linkups.transition(linkup.id, 'broadcasting', 'locked', { lockedAt: now }, manager))) return false;
    const closed = await this.invites.closePending(linkup.id, now, manager);
    const group = await this.participants.listConfirmed(linkup.id, manager);
    await this.events.recordMany(
      [
        linkupEvent(linkup.id, 'linkup.locked', 'broadcasting', 'locked', correlationId, { reason, confirmed: group.length }),
        ...closed.map((c) => inviteEvent({ id: c.id, linkupId: linkup.id }, 'pending', 'closed', correlationId)),
      ],
      manager,
    );
    const venue = await this.pickVenue(linkup, manager);
    const view = await this.notifier.view({ ...linkup, venue: venue ? { name: venue } : null }, manager);
    const names = new Map<string, string>();
    for (const p of group) names.set(p.userId, (await this.members.find(p.userId, manager))?.firstName ?? 'a new friend');
    for (const p of group) {
      const others = group.filter((o) => o.userId !== p.userId).map((o) => names.get(o.userId)!);
      const body = this.notifier.copy.lockConfirmation(view, others);
      await this.notifier.send(p.userId, body, 'lock_confirmation', `lock:${linkup.id}:${p.userId}`, correlationId, manager);
    }
    await this.reminders.schedule(linkup.id, reminderSchedule(new Date(linkup.eventTime), now, this.settings.reminderOffsets()), manager);
    return true;
  }

  // Window-close sweep, for a LinkUp the sweep claimed (row lock held): lock with enough people,
  // otherwise expire and tell everyone who was in.
  async closeWindow(linkupId: string, correlationId: string | null, manager: EntityManager): Promise<'locked' | 'expired' | 'skipped'> {
    const now = this.clock.now();
    const linkup = await this.mustLock(linkupId, manager);
    if (linkup.state !== 'broadcasting' || new Date(linkup.acceptanceWindowEndsAt) > now) return 'skipped';
    const confirmed = await this.participants.countConfirmed(linkup.id, manager);
    if (decideWindowClose(confirmed, linkup.minSize) === 'lock') {
      return (await this.lock(linkup, 'window', now, correlationId, manager)) ? 'locked' : 'skipped';
    }
    if (!(await this.linkups.transition(linkup.id, 'broadcasting', 'expired', {}, manager))) return 'skipped';
    const closed = await this.invites.closePending(linkup.id, now, manager);
    const group = await this.participants.listConfirmed(linkup.id, manager);
    await this.events.recordMany(
      [
        linkupEvent(linkup.id, 'linkup.expired', 'broadcasting', 'expired', correlationId, { confirmed, minSize: linkup.minSize }),
        ...closed.map((c) => inviteEvent({ id: c.id, linkupId: linkup.id }, 'pending', 'closed', correlationId)),
      ],
      manager,
    );
    const body = this.notifier.copy.expired(await this.notifier.view(linkup, manager));
    await this.notifier.sendEach(group.map((p) => p.userId), body, 'notice', `expired:${linkup.id}`, correlationId, manager);
    return 'expired';
  }

  // Invite-expiry sweep, row lock held: expires what is due and asks for the next wave.
  async expireDueInvites(linkupId: string, correlationId: string | null, manager: EntityManager): Promise<number> {
    const now = this.clock.now();
    const expired = await this.invites.expireDue(linkupId, now, manager);
    if (expired.length === 0) return 0;
    await this.events.recordMany(expired.map((e) => inviteEvent({ id: e.id, linkupId }, 'pending', 'expired', correlationId)), manager);
    await this.linkups.scheduleWave(linkupId, now, manager);
    return expired.length;
  }

  async mustLock(linkupId: string, manager: EntityManager): Promise<LinkupRecord> {
    const linkup = await this.linkups.lockById(linkupId, manager);
    if (!linkup) throw new LinkupsError(LinkupsErrorCode.NotFound, 'No such LinkUp.');
    return linkup;
  }

  // The same suggestion for the same LinkUp (retries agree), spread across the region's venues.
  private async pickVenue(linkup: LinkupRecord, manager: EntityManager): Promise<string | null> {
    const venues = await this.regions.venuesFor(linkup.regionId, linkup.brief.activity_key, manager);
    if (venues.length === 0) return null;
    const venue = venues[parseInt(linkup.id.replace(/-/g, '').slice(0, 8), 16) % venues.length];
    await this.linkups.setVenue(linkup.id, { name: venue }, manager);
    return venue;
  }
}

export function inviteEvent(invite: { id: string; linkupId: string }, from: string, to: string, correlationId: string | null) {
  return {
    entityType: 'linkup_invite',
    entityId: invite.id,
    eventType: `invite.${to}`,
    fromState: from,
    toState: to,
    idempotencyKey: `invite.${to}:${invite.id}`,
    correlationId,
    payload: { linkupId: invite.linkupId },
  };
}

export function linkupEvent(
  linkupId: string,
  eventType: string,
  from: string | null,
  to: string | null,
  correlationId: string | null,
  payload: Record<string, unknown> = {},
) {
  return { entityType: 'linkup', entityId: linkupId, eventType, fromState: from, toState: to, idempotencyKey: `${eventType}:${linkupId}`, correlationId, payload };
}
