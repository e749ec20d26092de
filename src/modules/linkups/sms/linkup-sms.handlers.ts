import { Injectable } from '@nestjs/common';
import type { IdleCommand, InboundContext, ModeHandler } from '../../conversation';
import { LinkupFormingService } from '../forming/linkup-forming.service';
import { normaliseReply } from '../lifecycle/replies';
import { LinkupNotifier } from '../messages/linkup-notifier';
import { OutcomesService } from '../reminders/outcomes.service';
import { CancelService, isCancelRequest } from '../replies/cancel.service';
import { InviteRepliesService } from '../replies/invite-replies.service';
import { LinkupStatusService } from './linkup-status.service';

const STATUS_WORDS = new Set(['status', 'my linkups', 'linkups status', 'plans', 'my plans']);

// Idle commands of LinkUps, tried in this order: an answer to an open invite, a late answer to an
// outcome check, cancelling a LinkUp ("cancel my spot"; a bare DROP comes through
// LinkupCancelKeyword), STATUS, and starting a LinkUp ("linkup", "coffee sat morning").
@Injectable()
export class LinkupIdleCommands implements IdleCommand {
  constructor(
    private readonly replies: InviteRepliesService,
    private readonly outcomes: OutcomesService,
    private readonly cancel: CancelService,
    private readonly status: LinkupStatusService,
    private readonly forming: LinkupFormingService,
  ) {}

  async tryHandle(ctx: InboundContext): Promise<boolean> {
    if (await this.replies.tryAnswer(ctx, false)) return true;
    if (await this.outcomes.tryAnswerLate(ctx)) return true;
    if (isCancelRequest(ctx.text)) {
      await this.cancel.ask(ctx);
      return true;
    }
    if (STATUS_WORDS.has(normaliseReply(ctx.text))) {
      await ctx.reply(await this.status.statusText(ctx.userId, ctx.manager));
      return true;
    }
    return this.forming.tryStart(ctx);
  }
}

// linkup_forming mode.
@Injectable()
export class LinkupFormingHandler implements ModeHandler {
  constructor(private readonly forming: LinkupFormingService) {}

  handle(ctx: InboundContext): Promise<void> {
    return this.forming.handle(ctx);
  }
}

// awaiting_invite_reply mode. The state token says what is awaited: `invite` (YES/NO to a pending
// invite), `outcome:{linkupId}` (the outcome check) or `cancel:{linkupId}` (confirming a cancel).
@Injectable()
export class AwaitingReplyHandler implements ModeHandler {
  constructor(
    private readonly replies: InviteRepliesService,
    private readonly outcomes: OutcomesService,
    private readonly cancel: CancelService,
    private readonly idle: LinkupIdleCommands,
    private readonly notifier: LinkupNotifier,
  ) {}

  async handle(ctx: InboundContext): Promise<void> {
    const [kind, linkupId] = ctx.stateToken.split(':');
    if (kind === 'outcome' && linkupId) {
      if (await this.outcomes.tryAnswer(ctx, linkupId)) return;
      if (await this.replies.tryAnswer(ctx, false)) return; // a YES meant for an invite that came meanwhile
      if (isCancelRequest(ctx.text)) return this.cancel.ask(ctx);
      return this.outcomes.reask(ctx);
    }
    // An outcome check that came while this invite or cancel was open (A/B/C never read as YES/NO).
    if (await this.outcomes.tryAnswerLate(ctx)) return;
    if (kind === 'cancel' && linkupId) return this.cancel.answer(ctx, linkupId);
    if (await this.replies.tryAnswer(ctx, true)) return;
    if (isCancelRequest(ctx.text)) return this.cancel.ask(ctx);
    if (await this.replies.reask(ctx)) return;
    // Nothing is awaited any more (the invite closed): back to idle, and read the text as such.
    await ctx.setMode('idle', 'idle', null);
    if (!(await this.idle.tryHandle(ctx))) await ctx.reply(this.notifier.copy.noInvite());
  }
}
