import { Injectable } from '@nestjs/common';
import { Clock } from '../../../common/clock';
import type { InboundContext, InterceptableKeyword, KeywordInterceptor } from '../../conversation';
import { InvitesRepository } from '../data/invites.repository';
import { LinkupsRepository, type LinkupRecord } from '../data/linkups.repository';
import { LinkupFormingService } from '../forming/linkup-forming.service';
import { LinkupNotifier } from '../messages/linkup-notifier';
import { CancelService } from '../replies/cancel.service';

// What a bare DROP (the "can't make it" word) refers to in the member's LinkUp context.
type CancelTarget =
  | { kind: 'draft' } // forming a LinkUp: drop the draft
  | { kind: 'linkup'; linkup: LinkupRecord } // confirmed in an upcoming LinkUp: ask to confirm cancelling it
  | { kind: 'invite'; linkup: LinkupRecord }; // an open invite: ask to confirm passing

// PRODUCT.md section 6: DROP in a LinkUp context asks to confirm (drops a draft at once). DROP is no
// carrier's opt-out word; our copy never says CANCEL, which Twilio treats as STOP. A bare CANCEL is
// claimed the same way only when the provider does not (SMS_CANCEL_IS_OPT_OUT=false; the router then
// opts out an unclaimed one). Outside a LinkUp context (no LinkUp ahead, no open invite, not forming;
// also the outcome check of a LinkUp that is over) DROP goes on to the mode handler as any text.
@Injectable()
export class LinkupCancelKeyword implements KeywordInterceptor {
  readonly keyword: InterceptableKeyword = 'DROP';

  constructor(
    private readonly linkups: LinkupsRepository,
    private readonly invites: InvitesRepository,
    private readonly cancel: CancelService,
    private readonly forming: LinkupFormingService,
    private readonly notifier: LinkupNotifier,
    private readonly clock: Clock,
  ) {}

  // The same claim for another word (CANCEL).
  as(keyword: InterceptableKeyword): KeywordInterceptor {
    return { keyword, claims: (ctx) => this.claims(ctx), handle: (ctx) => this.handle(ctx) };
  }

  async claims(ctx: InboundContext): Promise<boolean> {
    return (await this.target(ctx)) !== null;
  }

  async handle(ctx: InboundContext): Promise<void> {
    const target = await this.target(ctx);
    if (!target) throw new Error('DROP handed to LinkUps outside a LinkUp context');
    if (target.kind === 'draft') return this.forming.abandon(ctx);
    if (target.kind === 'linkup') return this.cancel.askAbout(ctx, target.linkup);
    // The mode stays as it is: YES/NO answer the invite in awaiting_invite_reply and in idle alike.
    await ctx.reply(this.notifier.copy.inviteCancelAsk(await this.notifier.view(target.linkup, ctx.manager)));
  }

  private async target(ctx: InboundContext): Promise<CancelTarget | null> {
    if (ctx.mode === 'linkup_forming') return { kind: 'draft' };
    const now = this.clock.now();
    const upcoming = await this.linkups.findUpcomingForUser(ctx.userId, now, ctx.manager);
    if (upcoming.length > 0) {
      // Already confirming a cancel: ask about that LinkUp again, not the soonest one.
      const [kind, id] = ctx.stateToken.split(':');
      const confirming = ctx.mode === 'awaiting_invite_reply' && kind === 'cancel' ? upcoming.find((l) => l.id === id) : undefined;
      return { kind: 'linkup', linkup: confirming ?? upcoming[0] };
    }
    const invite = await this.invites.findPendingForUser(ctx.userId, ctx.manager);
    if (invite && (!invite.expiresAt || new Date(invite.expiresAt) > now)) {
      const linkup = await this.linkups.findById(invite.linkupId, ctx.manager);
      if (linkup && linkup.state === 'broadcasting') return { kind: 'invite', linkup };
    }
    return null;
  }
}
