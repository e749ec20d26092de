import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { DomainEventsService } from '../../../common/domain-events';
import { InvitesRepository } from '../data/invites.repository';
import { LinkupsRepository } from '../data/linkups.repository';
import { OutcomesRepository } from '../data/outcomes.repository';
import { ParticipantsRepository } from '../data/participants.repository';
import { inviteEvent, LinkupLockService } from '../lock/linkup-lock.service';
import { SpotReleaseService } from '../lock/spot-release.service';

export type DepartureReason = 'safety_hold' | 'member_deleted';

export interface DepartureResult {
  invitesClosed: number;
  linkupsLeft: string[];
}

// A member on a hard hold or deleted (safety) leaves everything ahead: their pending invite closes
// and they leave every LinkUp that has not happened yet; each LinkUp then tells the others a spot
// opened and offers it again, or is called off (SpotReleaseService). Runs in the caller's
// transaction, taking each LinkUp's row lock (in id order) before touching its rows.
@Injectable()
export class MemberDepartureService {
  constructor(
    private readonly linkups: LinkupsRepository,
    private readonly invites: InvitesRepository,
    private readonly participants: ParticipantsRepository,
    private readonly outcomes: OutcomesRepository,
    private readonly lock: LinkupLockService,
    private readonly spots: SpotReleaseService,
    private readonly events: DomainEventsService,
    private readonly clock: Clock,
  ) {}

  async removeFromUpcoming(userId: string, reason: DepartureReason, correlationId: string | null, manager: EntityManager): Promise<DepartureResult> {
    const now = this.clock.now();
    const invitesClosed = await this.closePendingInvite(userId, reason, now, correlationId, manager);
    const linkupsLeft: string[] = [];
    // findUpcomingForUser returns a few at a time; each pass leaves them, so the next finds the rest.
    for (let pass = 0; pass < 20; pass++) {
      const upcoming = (await this.linkups.findUpcomingForUser(userId, now, manager)).sort((a, b) => (a.id < b.id ? -1 : 1));
      if (upcoming.length === 0) break;
      for (const { id } of upcoming) {
        if (await this.leave(userId, id, reason, now, correlationId, manager)) linkupsLeft.push(id);
      }
    }
    return { invitesClosed, linkupsLeft };
  }

  // Deleting a member: their free-text outcome feedback goes.
  forgetMember(userId: string, manager: EntityManager): Promise<void> {
    return this.outcomes.forgetFeedback(userId, manager);
  }

  private async closePendingInvite(userId: string, reason: DepartureReason, now: Date, correlationId: string | null, manager: EntityManager): Promise<number> {
    const invite = await this.invites.findPendingForUser(userId, manager);
    if (!invite) return 0;
    const linkup = await this.lock.mustLock(invite.linkupId, manager);
    if (!(await this.invites.close(invite.id, now, manager))) return 0;
    await this.events.record({ ...inviteEvent(invite, 'pending', 'closed', correlationId), payload: { linkupId: linkup.id, reason } }, manager);
    await this.linkups.scheduleWave(linkup.id, now, manager);
    return 1;
  }

  private async leave(userId: string, linkupId: string, reason: DepartureReason, now: Date, correlationId: string | null, manager: EntityManager): Promise<boolean> {
    const linkup = await this.lock.mustLock(linkupId, manager);
    if (linkup.state !== 'broadcasting' && linkup.state !== 'locked') return false;
    if (!(await this.participants.setStatus(linkup.id, userId, ['confirmed'], 'canceled', now, manager))) return false;
    await this.events.record(
      { entityType: 'linkup_participant', entityId: linkup.id, eventType: 'participant.removed', fromState: 'confirmed', toState: 'canceled',
        idempotencyKey: `participant.removed:${linkup.id}:${userId}`, correlationId, payload: { userId, reason } },
      manager,
    );
    await this.spots.afterLeave(linkup, reason, userId, now, correlationId, manager);
    return true;
  }
}
