import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { DomainEventsService } from '../../../common/domain-events';
import type { InboundContext } from '../../conversation';
import { SafetyService } from '../../safety/core';
import { LinkupsRepository, type LinkupRecord } from '../data/linkups.repository';
import { ParticipantsRepository } from '../data/participants.repository';
import { isLateCancel } from '../lifecycle/linkup-state';
import { normaliseReply, parseConfirmation } from '../lifecycle/replies';
import { LinkupsSettings } from '../linkups.settings';
import { LinkupLockService } from '../lock/linkup-lock.service';
import { SpotReleaseService } from '../lock/spot-release.service';
import { LinkupNotifier } from '../messages/linkup-notifier';

// Phrases that always mean "my LinkUp". A bare DROP (or CANCEL, where it is no opt-out) reaches
// LinkUps through the router's keyword interceptor (sms/linkup-cancel-keyword.ts), in a LinkUp context.
const CANCEL_WORDS = new Set([
  'cancel my spot', 'cancel linkup', 'cancel my linkup', 'cancel the linkup', 'cant make it', 'i cant make it',
  'cannot make it', 'drop out', 'im out', 'leave linkup', 'call it off', 'call off',
]);
const CONFIRM_TTL_SECONDS = 30 * 60;

export function isCancelRequest(text: string): boolean {
  return CANCEL_WORDS.has(normaliseReply(text));
}

// Cancelling by the initiator (the LinkUp is called off) or a participant (they leave, and the spot
// is offered again: SpotReleaseService), always after a confirmation; a cancellation inside
// LINKUP_LATE_CANCEL_HOURS of the event is a strike.
@Injectable()
export class CancelService {
  constructor(
    private readonly linkups: LinkupsRepository,
    private readonly participants: ParticipantsRepository,
    private readonly lock: LinkupLockService,
    private readonly spots: SpotReleaseService,
    private readonly events: DomainEventsService,
    private readonly notifier: LinkupNotifier,
    private readonly safety: SafetyService,
    private readonly clock: Clock,
    @Inject(LinkupsSettings) private readonly settings: LinkupsSettings,
  ) {}

  // Asks to confirm cancelling the member's soonest LinkUp.
  async ask(ctx: InboundContext): Promise<void> {
    const [next] = await this.linkups.findUpcomingForUser(ctx.userId, this.clock.now(), ctx.manager);
    if (!next) {
      await ctx.reply(this.notifier.copy.nothingToCancel());
      return;
    }
    await this.askAbout(ctx, next);
  }

  // Asks to confirm cancelling this LinkUp; the answer comes in awaiting_invite_reply, token cancel:{id}.
  async askAbout(ctx: InboundContext, linkup: LinkupRecord): Promise<void> {
    const late = isLateCancel(this.clock.now(), new Date(linkup.eventTime), this.settings.LINKUP_LATE_CANCEL_HOURS);
    const view = await this.notifier.view(linkup, ctx.manager);
    await ctx.reply(this.notifier.copy.askCancel(view, linkup.initiatorUserId === ctx.userId, late));
    await ctx.setMode('awaiting_invite_reply', `cancel:${linkup.id}`, CONFIRM_TTL_SECONDS);
  }

  // awaiting_invite_reply with token cancel:{linkupId}.
  async answer(ctx: InboundContext, linkupId: string): Promise<void> {
    const answer = parseConfirmation(ctx.text);
    if (answer === 'unknown') {
      const linkup = await this.linkups.findById(linkupId, ctx.manager);
      if (linkup) return this.askAbout(ctx, linkup);
    }
    if (answer === 'yes') {
      const done = await this.cancel(ctx.userId, linkupId, ctx.correlationId, ctx.manager);
      await ctx.reply(done ? this.notifier.copy.cancelDone(done === 'initiator') : this.notifier.copy.nothingToCancel());
    } else {
      await ctx.reply(this.notifier.copy.cancelKept());
    }
    await ctx.setMode('idle', 'idle', null);
  }

  async cancel(userId: string, linkupId: string, correlationId: string | null, manager: EntityManager): Promise<'initiator' | 'participant' | null> {
    const now = this.clock.now();
    const linkup = await this.lock.mustLock(linkupId, manager);
    if (linkup.state !== 'broadcasting' && linkup.state !== 'locked') return null;
    if (!(await this.participants.setStatus(linkup.id, userId, ['confirmed'], 'canceled', now, manager))) return null;
    const initiator = linkup.initiatorUserId === userId;
    await this.events.record(
      { entityType: 'linkup_participant', entityId: linkup.id, eventType: 'participant.canceled', fromState: 'confirmed', toState: 'canceled',
        idempotencyKey: `participant.canceled:${linkup.id}:${userId}`, correlationId, payload: { userId, role: initiator ? 'initiator' : 'participant' } },
      manager,
    );
    if (isLateCancel(now, new Date(linkup.eventTime), this.settings.LINKUP_LATE_CANCEL_HOURS)) {
      await this.safety.addStrike(
        { userId, type: 'late_cancel', reason: 'linkup_late_cancel', idempotencyKey: `late_cancel:${linkup.id}:${userId}`, now, correlationId },
        manager,
      );
    }
    if (initiator) {
      const remaining = await this.participants.listConfirmed(linkup.id, manager);
      await this.spots.callOff(linkup, 'initiator', remaining.map((p) => p.userId), now, correlationId, manager);
    } else {
      await this.spots.afterLeave(linkup, 'cancel', userId, now, correlationId, manager);
    }
    return initiator ? 'initiator' : 'participant';
  }
}
