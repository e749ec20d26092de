import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../database';
import { type Choice, ContactChoicesService } from '../contact-choices.service';
import { ContactExchangeError, ContactExchangeErrorCode } from '../contact-exchange.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELD = /^choice_(.+)$/;

export interface ContactsPageView {
  linkupId: string;
  title: string;
  when: string;
  open: boolean;
  // Someone left to choose about (not yet swapped with).
  choosable: boolean;
  closesAt: string;
  // Only the member's own choices and their swaps: never anyone else's answer.
  people: Array<{ userId: string; firstName: string; choice: 'yes' | 'no' | null; swapped: boolean }>;
}

// The contact choices page (/linkups/:id/contacts): attendees only, after the outcome.
@Injectable()
export class ContactsPageService {
  constructor(
    private readonly choices: ContactChoicesService,
    private readonly tx: TransactionRunner,
  ) {}

  async view(linkupId: string, userId: string): Promise<ContactsPageView> {
    const state = UUID.test(linkupId) ? await this.choices.state(linkupId, userId) : null;
    if (!state) throw new ContactExchangeError(ContactExchangeErrorCode.NotFound, "We couldn't find that LinkUp. Text LINK to JOSH for a link to yours.");
    if (state.attendance.myStatus !== 'attended') await this.choices.mustBeOpen(linkupId, userId);
    const mine = new Map((await this.choices.choicesBy(linkupId, userId)).map((c) => [c.targetUserId, c.choice]));
    const swapped = new Set(await this.choices.partnersOf(linkupId, userId));
    const a = state.attendance;
    return {
      choosable: a.others.some((o) => !swapped.has(o.userId)),
      linkupId,
      title: a.activity.charAt(0).toUpperCase() + a.activity.slice(1),
      when: a.when,
      open: state.open,
      closesAt: new Intl.DateTimeFormat('en-US', { timeZone: a.timeZone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(state.closesAt),
      people: a.others.map((o) => ({
        userId: o.userId,
        firstName: o.firstName,
        choice: mine.has(o.userId) ? (mine.get(o.userId) ? 'yes' : 'no') : null,
        swapped: swapped.has(o.userId),
      })),
    };
  }

  // The form's `choice_<userId>` radios (yes/no); people left unanswered keep what they had.
  async save(linkupId: string, userId: string, body: Record<string, unknown>, correlationId: string | null): Promise<number> {
    if (!UUID.test(linkupId)) throw new ContactExchangeError(ContactExchangeErrorCode.NotFound, "We couldn't find that LinkUp.");
    const choices: Choice[] = [];
    for (const [key, value] of Object.entries(body ?? {})) {
      const m = FIELD.exec(key);
      if (!m) continue;
      if (value !== 'yes' && value !== 'no') throw new ContactExchangeError(ContactExchangeErrorCode.InvalidChoice, 'Choose yes or no for each person.');
      choices.push({ targetUserId: m[1], choice: value === 'yes' });
    }
    if (choices.length > 0) await this.tx.run((m) => this.choices.choose(linkupId, userId, choices, correlationId, m));
    return choices.length;
  }
}
