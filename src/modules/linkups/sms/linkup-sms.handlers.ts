import { Injectable } from '@nestjs/common';
import type { FlowView, IdleCommand, InboundContext, ModeHandler } from '../../conversation';
import { LinkupsRepository } from '../data/linkups.repository';
import { LinkupFormingService } from '../forming/linkup-forming.service';
import { LinkupNotifier } from '../messages/linkup-notifier';
import { OutcomesService } from '../reminders/outcomes.service';
import { CancelService, isCancelRequest } from '../replies/cancel.service';
import { InviteRepliesService } from '../replies/invite-replies.service';

// What idle understands of LinkUps besides the commands (STATUS, LINK, LINKUP: linkup-commands.ts),
// tried in this order: an answer to an open invite, a late answer to an outcome check, cancelling a
// LinkUp ("cancel my spot", "can't make it"; a bare DROP comes through LinkupCancelKeyword), and a
// LinkUp request ("coffee sat morning", or an activity alone).
@Injectable()
export class LinkupIdleCommands implements IdleCommand {
  constructor(
    private readonly replies: InviteRepliesService,
    private readonly outcomes: OutcomesService,
    private readonly cancel: CancelService,
    private readonly forming: LinkupFormingService,
  ) {}

  async tryHandle(ctx: InboundContext): Promise<boolean> {
    if (await this.replies.tryAnswer(ctx, false)) return true;
    if (await this.outcomes.tryAnswerLate(ctx)) return true;
    if (isCancelRequest(ctx.text)) {
      await this.cancel.ask(ctx);
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

  describe(ctx: InboundContext): Promise<FlowView> {
    return this.forming.describe(ctx);
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
    private readonly linkups: LinkupsRepository,
  ) {}

  async handle(ctx: InboundContext): Promise<void> {
    const [kind, linkupId] = ctx.stateToken.split(':');
    if (kind === 'outcome' && linkupId) {
      if (await this.outcomes.tryAnswer(ctx, linkupId)) return;
      if (await this.replies.tryAnswer(ctx, false)) return; // a YES meant for an invite that came meanwhile
      if (isCancelRequest(ctx.text)) return this.cancel.ask(ctx);
      return this.outcomes.reask(ctx);
    }
    if (kind === 'cancel' && linkupId) {
      // An outcome check that came while this cancel was open (A/B/C never read as YES/NO).
      if (await this.outcomes.tryAnswerLate(ctx)) return;
      return this.cancel.answer(ctx, linkupId);
    }
    // The open invite first: its option letters win over a late outcome answer's A/B/C.
    if (await this.replies.tryAnswer(ctx, true)) return;
    if (await this.outcomes.tryAnswerLate(ctx)) return;
    if (isCancelRequest(ctx.text)) return this.cancel.ask(ctx);
    if (await this.replies.reask(ctx)) return;
    // Nothing is awaited any more (the invite closed): back to idle, and read the text as such.
    await ctx.setMode('idle', 'idle', null);
    if (!(await this.idle.tryHandle(ctx))) await ctx.reply(this.notifier.copy.noInvite());
  }

  async describe(ctx: InboundContext): Promise<FlowView> {
    const [kind, linkupId] = ctx.stateToken.split(':');
    const about =
      kind === 'outcome' && linkupId ? await this.outcomes.describe(ctx, linkupId)
      : kind === 'cancel' && linkupId ? await this.cancelView(ctx, linkupId)
      : await this.inviteView(ctx);
    return about ?? { where: this.notifier.copy.whereNothingAwaited(), question: null };
  }

  private async cancelView(ctx: InboundContext, linkupId: string): Promise<{ where: string; question: string } | null> {
    const linkup = await this.linkups.findById(linkupId, ctx.manager);
    return linkup ? this.cancel.describe(ctx, linkup) : null;
  }

  private async inviteView(ctx: InboundContext): Promise<{ where: string; question: string } | null> {
    const question = await this.replies.openQuestion(ctx);
    return question ? { where: (await this.replies.where(ctx))!, question } : null;
  }
}
