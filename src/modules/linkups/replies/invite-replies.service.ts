import { Injectable } from '@nestjs/common';
import type { InboundContext } from '../../conversation';
import { InvitesRepository } from '../data/invites.repository';
import { LinkupsRepository } from '../data/linkups.repository';
import { parseInviteReply } from '../lifecycle/replies';
import { LinkupLockService, type AcceptResult } from '../lock/linkup-lock.service';
import { LinkupNotifier } from '../messages/linkup-notifier';

// Answers to invites: YES/Y/IN/1 accepts, NO/N/PASS/2 declines (PRODUCT.md section 6).
@Injectable()
export class InviteRepliesService {
  constructor(
    private readonly lock: LinkupLockService,
    private readonly invites: InvitesRepository,
    private readonly linkups: LinkupsRepository,
    private readonly notifier: LinkupNotifier,
  ) {}

  // In awaiting_invite_reply (token `invite`) or idle: true when the text was an invite answer.
  async tryAnswer(ctx: InboundContext, inInviteMode: boolean): Promise<boolean> {
    const reply = parseInviteReply(ctx.text);
    if (reply === 'accept') {
      const result = await this.lock.accept(ctx.userId, ctx.messageSid, ctx.correlationId, ctx.manager);
      if (result.kind === 'no_invite' && !inInviteMode) return false;
      await ctx.reply(this.acceptCopy(result));
    } else if (reply === 'decline') {
      const result = await this.lock.decline(ctx.userId, ctx.messageSid, ctx.correlationId, ctx.manager, 'reply');
      if (result.kind === 'no_invite' && !inInviteMode) return false;
      await ctx.reply(result.kind === 'declined' ? this.notifier.copy.declined() : this.notifier.copy.noInvite());
    } else {
      return false;
    }
    if (inInviteMode) await ctx.setMode('idle', 'idle', null);
    return true;
  }

  // Anything else while an invite is open: ask again, keeping the mode.
  async reask(ctx: InboundContext): Promise<boolean> {
    const pending = await this.invites.findPendingForUser(ctx.userId, ctx.manager);
    if (!pending) return false;
    const linkup = (await this.linkups.findById(pending.linkupId, ctx.manager))!;
    await ctx.reply(this.notifier.copy.inviteReask(await this.notifier.view(linkup, ctx.manager)));
    return true;
  }

  private acceptCopy(result: AcceptResult): string {
    const copy = this.notifier.copy;
    switch (result.kind) {
      case 'accepted':
        return result.intoLocked ? copy.acceptedIntoLocked() : copy.accepted();
      case 'on_hold':
        return copy.cannotJoinOnHold();
      case 'already_in':
        return copy.alreadyIn();
      case 'filled_up':
        return copy.filledUp();
      case 'invite_expired':
        return copy.inviteExpired();
      case 'invite_declined':
        return copy.passedAlready();
      case 'gone':
        return copy.gone();
      case 'no_invite':
        return copy.noInvite();
    }
  }
}
