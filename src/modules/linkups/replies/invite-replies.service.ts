import { Injectable } from '@nestjs/common';
import type { InboundContext } from '../../conversation';
import { InvitesRepository } from '../data/invites.repository';
import { LinkupsRepository } from '../data/linkups.repository';
import { inviteOptions } from '../lifecycle/invite-options';
import { CANT_MAKE_IT, normaliseReply, parseInviteReply, parseOptionLetter } from '../lifecycle/replies';
import { LinkupLockService, type AcceptResult } from '../lock/linkup-lock.service';
import { LinkupNotifier } from '../messages/linkup-notifier';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

// Answers to invites: YES/Y/IN/1 accepts, NO/N/PASS/2 declines, with the usual typos and emoji
// (parseYesNo); an invite with options is answered by letter (PRODUCT.md section 6).
@Injectable()
export class InviteRepliesService {
  constructor(
    private readonly lock: LinkupLockService,
    private readonly invites: InvitesRepository,
    private readonly linkups: LinkupsRepository,
    private readonly notifier: LinkupNotifier,
  ) {}

  // In awaiting_invite_reply (token `invite`) or idle: true when the text was an invite answer.
  // An invite that offers options (offered_options) is answered by a letter; a bare YES to it asks which.
  async tryAnswer(ctx: InboundContext, inInviteMode: boolean): Promise<boolean> {
    const letter = await this.optionLetter(ctx);
    const reply = letter ? 'accept' : parseInviteReply(ctx.text);
    if (reply === 'accept') {
      if (!letter && (await this.askWhichOption(ctx))) return true;
      const result = await this.lock.accept(ctx.userId, ctx.messageSid, ctx.correlationId, ctx.manager, letter);
      if (result.kind === 'no_invite' && !inInviteMode) return false;
      await ctx.reply(this.acceptCopy(result));
    } else if (reply === 'decline') {
      const result = await this.lock.decline(ctx.userId, ctx.messageSid, ctx.correlationId, ctx.manager, 'reply');
      // "can't make it" with no invite open is about a LinkUp they are in: the cancel flow's.
      if (result.kind === 'no_invite' && (!inInviteMode || CANT_MAKE_IT.has(normaliseReply(ctx.text)))) return false;
      await ctx.reply(result.kind === 'declined' ? this.notifier.copy.declined() : this.notifier.copy.noInvite());
    } else {
      return false;
    }
    if (inInviteMode) await ctx.setMode('idle', 'idle', null);
    return true;
  }

  // Anything else while an invite is open: a gentle word and the question again, keeping the mode.
  async reask(ctx: InboundContext): Promise<boolean> {
    const question = await this.openQuestion(ctx);
    if (!question) return false;
    ctx.missed();
    await ctx.reply(`${this.notifier.copy.notUnderstood()} ${question}`);
    return true;
  }

  // The open invite's question (null when none is open).
  async openQuestion(ctx: InboundContext): Promise<string | null> {
    const pending = await this.invites.findPendingForUser(ctx.userId, ctx.manager);
    if (!pending) return null;
    const linkup = (await this.linkups.findById(pending.linkupId, ctx.manager))!;
    return this.notifier.copy.inviteReask(await this.notifier.view(linkup, ctx.manager), inviteOptions(pending.offeredOptions));
  }

  // HELP's line for an open invite (null when none is open).
  async where(ctx: InboundContext): Promise<string | null> {
    const pending = await this.invites.findPendingForUser(ctx.userId, ctx.manager);
    if (!pending) return null;
    const linkup = (await this.linkups.findById(pending.linkupId, ctx.manager))!;
    return this.notifier.copy.whereInvite(await this.notifier.view(linkup, ctx.manager), inviteOptions(pending.offeredOptions));
  }

  // A letter of the open invite's options. The invite is read only for a one-letter text.
  private async optionLetter(ctx: InboundContext): Promise<string | null> {
    if (!parseOptionLetter(ctx.text, LETTERS)) return null;
    const pending = await this.invites.findPendingForUser(ctx.userId, ctx.manager);
    const keys = inviteOptions(pending?.offeredOptions).map((o) => o.key);
    return keys.length ? parseOptionLetter(ctx.text, keys) : null;
  }

  private async askWhichOption(ctx: InboundContext): Promise<boolean> {
    const pending = await this.invites.findPendingForUser(ctx.userId, ctx.manager);
    if (!pending || inviteOptions(pending.offeredOptions).length === 0) return false;
    await ctx.reply((await this.openQuestion(ctx))!);
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
