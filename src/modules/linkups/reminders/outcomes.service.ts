import { Injectable } from '@nestjs/common';
import { Clock } from '../../../common/clock';
import { DomainEventsService } from '../../../common/domain-events';
import type { InboundContext } from '../../conversation';
import { SafetyService } from '../../safety/core';
import { LinkupsRepository, type LinkupRecord } from '../data/linkups.repository';
import { OutcomesRepository } from '../data/outcomes.repository';
import { ParticipantsRepository } from '../data/participants.repository';
import { parseOutcomeReply, type OutcomeReply } from '../lifecycle/replies';
import { LinkupNotifier } from '../messages/linkup-notifier';
import { AttendanceListeners } from '../ports/attendance-listeners';
import { ProfileSignalsPort } from '../ports/ports';

// How long after the outcome check an answer is still taken (the mode's timeout, and the window for
// a late answer from a member who was busy when it came).
export const OUTCOME_ANSWER_TTL_SECONDS = 2 * 86_400;

// The outcome check's answers (PRODUCT.md section 6): a linkup_outcomes row, the participant's
// attended/no_show status, a strike for a no-show, and "do again" as a profile signal.
@Injectable()
export class OutcomesService {
  constructor(
    private readonly linkups: LinkupsRepository,
    private readonly participants: ParticipantsRepository,
    private readonly outcomes: OutcomesRepository,
    private readonly events: DomainEventsService,
    private readonly safety: SafetyService,
    private readonly signals: ProfileSignalsPort,
    private readonly notifier: LinkupNotifier,
    private readonly clock: Clock,
    private readonly attendance: AttendanceListeners,
  ) {}

  // awaiting_invite_reply with token outcome:{linkupId}; false when the text is no outcome answer.
  async tryAnswer(ctx: InboundContext, linkupId: string): Promise<boolean> {
    const answer = parseOutcomeReply(ctx.text);
    if (!answer) return false;
    const linkup = await this.linkups.findById(linkupId, ctx.manager);
    const attended = linkup ? await this.record(ctx, linkup, answer) : false;
    await ctx.reply(this.notifier.copy.outcomeThanks(answer.attended));
    await ctx.setMode('idle', 'idle', null);
    // Listeners may start a flow of their own (contact exchange), so only once the mode is idle.
    if (attended) await this.attendance.announce({ linkupId, userId: ctx.userId, correlationId: ctx.correlationId, manager: ctx.manager });
    return true;
  }

  // The outcome check reached a member busy in another flow, so their mode was left alone (see
  // RemindersService). In idle, or while answering an invite or a cancel (whose YES/NO never look
  // like A/B/C), an outcome answer within OUTCOME_ANSWER_TTL_SECONDS of the check is read as theirs.
  // The mode is not touched.
  async tryAnswerLate(ctx: InboundContext): Promise<boolean> {
    const answer = parseOutcomeReply(ctx.text);
    if (!answer) return false;
    const since = new Date(this.clock.now().getTime() - OUTCOME_ANSWER_TTL_SECONDS * 1000);
    const linkup = await this.linkups.findAwaitingOutcome(ctx.userId, since, ctx.manager);
    if (!linkup) return false;
    const attended = await this.record(ctx, linkup, answer);
    await ctx.reply(this.notifier.copy.outcomeThanks(answer.attended));
    if (attended) await this.attendance.announce({ linkupId: linkup.id, userId: ctx.userId, correlationId: ctx.correlationId, manager: ctx.manager });
    return true;
  }

  // True when this answer newly records the member as attended.
  private async record(ctx: InboundContext, linkup: LinkupRecord, answer: NonNullable<OutcomeReply>): Promise<boolean> {
    const linkupId = linkup.id;
    const participant = await this.participants.find(linkupId, ctx.userId, ctx.manager);
    if (!participant || participant.status === 'canceled') return false;
    const status = answer.attended ? 'attended' : 'no_show';
    await this.outcomes.upsert(linkupId, ctx.userId, status, answer.doAgain, ctx.manager);
    const now = this.clock.now();
    const changed = await this.participants.setStatus(linkupId, ctx.userId, ['confirmed', 'attended', 'no_show'], status, now, ctx.manager);
    if (changed) {
      await this.events.record(
        { entityType: 'linkup_participant', entityId: linkupId, eventType: `participant.${status}`, fromState: participant.status,
          toState: status, idempotencyKey: `participant.${status}:${linkupId}:${ctx.userId}`, correlationId: ctx.correlationId,
          payload: { userId: ctx.userId, doAgain: answer.doAgain } },
        ctx.manager,
      );
    }
    if (!answer.attended) {
      await this.safety.addStrike(
        { userId: ctx.userId, type: 'no_show', reason: 'linkup_no_show', idempotencyKey: `no_show:${linkupId}:${ctx.userId}`, now,
          correlationId: ctx.correlationId },
        ctx.manager,
      );
    }
    if (answer.doAgain !== null) {
      await this.signals.apply(ctx.userId, answer.doAgain ? 'do_again' : 'not_again', linkup.brief.activity_key,
        `linkup-outcome:${linkupId}:${ctx.userId}`, ctx.correlationId, ctx.manager);
    }
    return changed && status === 'attended' && participant.status !== 'attended';
  }

  async reask(ctx: InboundContext): Promise<void> {
    await ctx.reply(this.notifier.copy.outcomeReask());
  }
}
