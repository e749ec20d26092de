import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { OutboundSmsService } from '../conversation';
import { UsersService } from '../identity';
import { LinkupAttendanceService, type LinkupAttendance } from '../linkups';
import { ContactExchangeError, ContactExchangeErrorCode } from './contact-exchange.errors';
import { ContactExchangeSettings } from './contact-exchange.settings';
import { contactsCopy } from './contacts-copy';
import { canonicalPair, ContactExchangeRepository } from './data/contact-exchange.repository';

export interface Choice {
  targetUserId: string;
  choice: boolean;
}

// Where a member stands in a LinkUp's contact exchange.
export interface ContactsState {
  attendance: LinkupAttendance;
  open: boolean;
  closesAt: Date;
}

// The rules of contact exchange (PRODUCT.md section 7): attendees choose yes/no per fellow
// attendee until the window closes; a mutual yes creates one contact_exchanges row (canonical
// pair) and texts each the other's first name and number. A no, or no answer, is never revealed.
@Injectable()
export class ContactChoicesService {
  private readonly log = new Logger('ContactExchange');

  constructor(
    private readonly repo: ContactExchangeRepository,
    private readonly attendance: LinkupAttendanceService,
    private readonly users: UsersService,
    private readonly sms: OutboundSmsService,
    private readonly clock: Clock,
    @Inject(ContactExchangeSettings) private readonly settings: ContactExchangeSettings,
  ) {}

  // Null when the member never joined the LinkUp.
  async state(linkupId: string, userId: string, manager?: EntityManager): Promise<ContactsState | null> {
    const attendance = await this.attendance.forMember(linkupId, userId, manager);
    if (!attendance) return null;
    const closesAt = new Date(attendance.eventTime.getTime() + this.settings.CONTACT_CHOICE_WINDOW_HOURS * 3_600_000);
    return { attendance, closesAt, open: attendance.myStatus === 'attended' && this.clock.now() < closesAt };
  }

  // Attendee of this LinkUp, window open: else a coded error (and nothing is saved).
  async mustBeOpen(linkupId: string, userId: string, manager?: EntityManager): Promise<ContactsState> {
    const state = await this.state(linkupId, userId, manager);
    if (!state) throw new ContactExchangeError(ContactExchangeErrorCode.NotFound, "We couldn't find that LinkUp. Text LINK to JOSH for a link to yours.");
    if (state.attendance.myStatus !== 'attended') {
      throw new ContactExchangeError(ContactExchangeErrorCode.NotAttendee, 'Swapping numbers opens once you tell us you went: answer the "How was it?" text first.');
    }
    if (!state.open) throw new ContactExchangeError(ContactExchangeErrorCode.WindowClosed, 'The time to swap numbers for this LinkUp has passed.');
    return state;
  }

  // Saves the member's choices (a choice about someone they already swapped numbers with cannot
  // change: their number is out). Call inside a transaction: the pair locks last until it ends.
  async choose(linkupId: string, chooserId: string, choices: Choice[], correlationId: string | null, manager: EntityManager): Promise<{ revealed: number }> {
    const { attendance } = await this.mustBeOpen(linkupId, chooserId, manager);
    const others = new Map(attendance.others.map((o) => [o.userId, o]));
    if (choices.some((c) => !others.has(c.targetUserId))) {
      throw new ContactExchangeError(ContactExchangeErrorCode.InvalidChoice, 'Choices can only be about people in your LinkUp.');
    }
    await this.repo.lockPairs(linkupId, choices.map((c) => canonicalPair(chooserId, c.targetUserId).join(':')), manager);
    const swapped = new Set(await this.repo.partnersOf(linkupId, chooserId, manager));
    let revealed = 0;
    for (const c of choices) {
      if (swapped.has(c.targetUserId)) continue;
      await this.repo.upsertChoice(linkupId, chooserId, c.targetUserId, c.choice, manager);
      const target = others.get(c.targetUserId)!;
      if (!c.choice || target.status !== 'attended') continue;
      if ((await this.repo.choiceOf(linkupId, c.targetUserId, chooserId, manager)) !== true) continue;
      if (await this.reveal(attendance, chooserId, c.targetUserId, correlationId, manager)) revealed += 1;
    }
    return { revealed };
  }

  // Both said yes: one exchange row, one SMS to each (the row's insert is the claim).
  private async reveal(attendance: LinkupAttendance, x: string, y: string, correlationId: string | null, manager: EntityManager): Promise<boolean> {
    const [a, b] = canonicalPair(x, y);
    const [userA, userB] = [await this.users.findById(a, manager), await this.users.findById(b, manager)];
    if (!userA || !userB || userA.deletedAt || userB.deletedAt) return false;
    const exchangeId = await this.repo.insertExchange(attendance.linkupId, a, b, this.clock.now(), manager);
    if (!exchangeId) return false;
    for (const [to, other] of [[userA, userB], [userB, userA]] as const) {
      await this.sms.enqueue({
        userId: to.id,
        body: contactsCopy.reveal(attendance.activity, other.firstName, other.phoneE164),
        purpose: 'notice',
        idempotencyKey: `contact-reveal:${exchangeId}:${to.id}`,
        correlationId: correlationId ?? undefined,
        manager,
      });
    }
    this.log.log({ msg: 'contacts exchanged', linkupId: attendance.linkupId, exchangeId });
    return true;
  }

  async choicesBy(linkupId: string, chooserId: string, manager?: EntityManager) {
    return this.repo.choicesBy(linkupId, chooserId, manager);
  }

  async partnersOf(linkupId: string, userId: string, manager?: EntityManager): Promise<string[]> {
    return this.repo.partnersOf(linkupId, userId, manager);
  }
}
