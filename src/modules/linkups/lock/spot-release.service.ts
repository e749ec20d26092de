import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEventsService } from '../../../common/domain-events';
import { InvitesRepository } from '../data/invites.repository';
import { LinkupsRepository, type LinkupRecord } from '../data/linkups.repository';
import { ParticipantsRepository } from '../data/participants.repository';
import { refillDeadline } from '../lifecycle/linkup-state';
import { LinkupsSettings } from '../linkups.settings';
import { LinkupNotifier } from '../messages/linkup-notifier';
import { inviteEvent, linkupEvent } from './linkup-lock.service';

// Why a confirmed member left a LinkUp. Only a cancel is the member's own doing; the others are
// never explained to the group.
export type LeaveCause = 'cancel' | 'safety_hold' | 'member_deleted';

// What happens to a LinkUp when a confirmed member leaves it, with its row lock held: the others
// are told, the freed spot is offered again (before the lock by the usual waves; after it by refill
// waves while the event is more than LINKUP_LOCK_LEAD_MINUTES away), and a LinkUp that can no longer
// happen is called off. The accept path's row lock keeps a refilled group within max_size.
@Injectable()
export class SpotReleaseService {
  constructor(
    private readonly linkups: LinkupsRepository,
    private readonly invites: InvitesRepository,
    private readonly participants: ParticipantsRepository,
    private readonly events: DomainEventsService,
    private readonly notifier: LinkupNotifier,
    @Inject(LinkupsSettings) private readonly settings: LinkupsSettings,
  ) {}

  refillDeadline(linkup: LinkupRecord): Date {
    return refillDeadline(new Date(linkup.eventTime), this.settings.LINKUP_LOCK_LEAD_MINUTES);
  }

  refillOpen(linkup: LinkupRecord, now: Date): boolean {
    return linkup.state === 'locked' && this.refillDeadline(linkup) > now;
  }

  // `leaverId` has already left (status changed). Returns whether the LinkUp goes on.
  async afterLeave(
    linkup: LinkupRecord,
    cause: LeaveCause,
    leaverId: string,
    now: Date,
    correlationId: string | null,
    manager: EntityManager,
  ): Promise<'continues' | 'called_off'> {
    const remaining = (await this.participants.listConfirmed(linkup.id, manager)).map((p) => p.userId);
    if (remaining.length === 0) {
      await this.callOff(linkup, 'emptied', [], now, correlationId, manager);
      return 'called_off';
    }
    const view = await this.notifier.view(linkup, manager);
    if (linkup.state === 'broadcasting') {
      await this.linkups.scheduleWave(linkup.id, now, manager);
      if (cause !== 'cancel') await this.notifier.sendEach(remaining, this.notifier.copy.spotOpened(view), 'notice', `left:${linkup.id}:${leaverId}`, correlationId, manager);
      return 'continues';
    }
    const refilling = this.refillOpen(linkup, now);
    const belowMin = remaining.length < linkup.minSize;
    if (belowMin && !refilling) {
      await this.callOff(linkup, 'not_enough', remaining, now, correlationId, manager);
      return 'called_off';
    }
    if (refilling) await this.linkups.scheduleWave(linkup.id, now, manager);
    const body = this.notifier.copy.someoneLeft(view, remaining.length, !refilling ? 'none' : belowMin ? 'needed' : 'filling', this.refillDeadline(linkup));
    await this.notifier.sendEach(remaining, body, 'notice', `left:${linkup.id}:${leaverId}`, correlationId, manager);
    return 'continues';
  }

  // The refill window of a locked LinkUp closed: invites still out are closed, and a group still
  // under its minimum is called off.
  async closeRefill(linkup: LinkupRecord, now: Date, correlationId: string | null, manager: EntityManager): Promise<void> {
    const remaining = (await this.participants.listConfirmed(linkup.id, manager)).map((p) => p.userId);
    if (remaining.length < linkup.minSize) {
      await this.callOff(linkup, 'not_enough', remaining, now, correlationId, manager);
      return;
    }
    const closed = await this.invites.closePending(linkup.id, now, manager);
    await this.events.recordMany(closed.map((c) => inviteEvent({ id: c.id, linkupId: linkup.id }, 'pending', 'closed', correlationId)), manager);
  }

  // Calls the LinkUp off: pending invites closed, everyone in `notify` told.
  async callOff(linkup: LinkupRecord, reason: string, notify: string[], now: Date, correlationId: string | null, manager: EntityManager): Promise<void> {
    if (!(await this.linkups.transition(linkup.id, linkup.state, 'canceled', { canceledReason: reason }, manager))) return;
    const closed = await this.invites.closePending(linkup.id, now, manager);
    await this.events.recordMany(
      [
        linkupEvent(linkup.id, 'linkup.canceled', linkup.state, 'canceled', correlationId, { reason }),
        ...closed.map((c) => inviteEvent({ id: c.id, linkupId: linkup.id }, 'pending', 'closed', correlationId)),
      ],
      manager,
    );
    const body = this.notifier.copy.canceled(await this.notifier.view(linkup, manager));
    await this.notifier.sendEach(notify, body, 'notice', `canceled:${linkup.id}`, correlationId, manager);
  }
}
