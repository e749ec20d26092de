import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../../common/clock';
import type { IdleCommand, InboundContext, ModeHandler } from '../../conversation';
import { MagicLinksService } from '../../identity';
import { LinkupAttendanceService } from '../../linkups';
import { ContactChoicesService, type ContactsState } from '../contact-choices.service';
import { ContactExchangeSettings } from '../contact-exchange.settings';
import { contactsCopy } from '../contacts-copy';
import { allInRange, parseNumberedAnswer } from './numbered-answer';

export const CONTACTS_TOKEN = 'contacts';
const LINK_WORDS = new Set(['link', 'my link', 'new link', 'page']);

// What both paths share: is the window open, and saving a well-formed answer.
@Injectable()
export class ContactsAnswers {
  constructor(private readonly choices: ContactChoicesService) {}

  async openState(linkupId: string, ctx: InboundContext): Promise<ContactsState | null> {
    const state = await this.choices.state(linkupId, ctx.userId, ctx.manager);
    return state?.open && state.attendance.others.length > 0 ? state : null;
  }

  // True when the text was a valid answer and it is saved (and replied to).
  async trySave(ctx: InboundContext, state: ContactsState): Promise<boolean> {
    const others = state.attendance.others;
    const answer = parseNumberedAnswer(ctx.text, others.length);
    if (answer.kind === 'unknown' || (answer.kind === 'numbers' && !allInRange(answer.numbers, others.length))) return false;
    const chosen = new Set(answer.kind === 'numbers' ? answer.numbers : []);
    const choices = others.map((o, i) => ({ targetUserId: o.userId, choice: chosen.has(i + 1) }));
    await this.choices.choose(state.attendance.linkupId, ctx.userId, choices, ctx.correlationId, ctx.manager);
    await ctx.reply(contactsCopy.saved(chosen.size > 0));
    return true;
  }
}

// The SMS answer to the numbered list: `1 3`, `1,3`, `1 and 3`, `NONE`. A wrong answer is asked
// again once, then the member is let go (nothing saved; the page still works).
// Mode: awaiting_invite_reply with token `contacts:{linkupId}` (`...:reasked` after one re-ask).
@Injectable()
export class ContactsReplyHandler implements ModeHandler {
  constructor(
    private readonly answers: ContactsAnswers,
    private readonly magicLinks: MagicLinksService,
  ) {}

  async handle(ctx: InboundContext): Promise<void> {
    const [, linkupId, flag] = ctx.stateToken.split(':');
    const state = linkupId ? await this.answers.openState(linkupId, ctx) : null;
    if (!state) {
      await ctx.reply(contactsCopy.closed());
      return ctx.setMode('idle', 'idle', null);
    }
    if (LINK_WORDS.has(ctx.text.toLowerCase().trim())) {
      const { url } = await this.magicLinks.issue({ userId: ctx.userId, purpose: 'contacts', linkupId, manager: ctx.manager });
      return ctx.reply(contactsCopy.link(url));
    }
    if (await this.answers.trySave(ctx, state)) return ctx.setMode('idle', 'idle', null);
    if (flag === 'reasked') {
      await ctx.reply(contactsCopy.gaveUp());
      return ctx.setMode('idle', 'idle', null);
    }
    await ctx.reply(contactsCopy.reask(state.attendance.others.length));
    await ctx.setMode('awaiting_invite_reply', `${CONTACTS_TOKEN}:${linkupId}:reasked`);
  }
}

// Idle: the numbered answer of a member whose conversation was busy when the list came (or whose
// answer mode timed out), while the window is open and before they chose anything.
@Injectable()
export class ContactsLateReplyCommand implements IdleCommand {
  constructor(
    private readonly answers: ContactsAnswers,
    private readonly attendance: LinkupAttendanceService,
    private readonly choices: ContactChoicesService,
    private readonly clock: Clock,
    @Inject(ContactExchangeSettings) private readonly settings: ContactExchangeSettings,
  ) {}

  async tryHandle(ctx: InboundContext): Promise<boolean> {
    if (parseNumberedAnswer(ctx.text, 9).kind === 'unknown') return false;
    const since = new Date(this.clock.now().getTime() - this.settings.CONTACT_CHOICE_WINDOW_HOURS * 3_600_000);
    const linkupId = await this.attendance.latestAttended(ctx.userId, since, ctx.manager);
    const state = linkupId ? await this.answers.openState(linkupId, ctx) : null;
    if (!linkupId || !state || (await this.choices.choicesBy(linkupId, ctx.userId, ctx.manager)).length > 0) return false;
    if (await this.answers.trySave(ctx, state)) return true;
    await ctx.reply(contactsCopy.reask(state.attendance.others.length));
    await ctx.setMode('awaiting_invite_reply', `${CONTACTS_TOKEN}:${linkupId}:reasked`);
    return true;
  }
}
