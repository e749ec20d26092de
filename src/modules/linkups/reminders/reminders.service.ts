import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { DomainEventsService } from '../../../common/domain-events';
import { LinkupsRepository } from '../data/linkups.repository';
import { ParticipantsRepository } from '../data/participants.repository';
import { RemindersRepository, type ReminderRecord } from '../data/reminders.repository';
import { linkupEvent } from '../lock/linkup-lock.service';
import { LinkupNotifier } from '../messages/linkup-notifier';
import { ConversationPort } from '../ports/ports';
import { OUTCOME_ANSWER_TTL_SECONDS } from './outcomes.service';

// Sends one claimed reminder (24 h before, 2 h before, outcome check 3 h after). The reminder row
// is claimed with FOR UPDATE SKIP LOCKED by the caller's transaction and marked sent in it, so
// whatever the number of instances a reminder goes out once; the per-member idempotency key of the
// SMS makes a retry of the same transaction harmless too.
@Injectable()
export class RemindersService {
  constructor(
    private readonly linkups: LinkupsRepository,
    private readonly participants: ParticipantsRepository,
    private readonly reminders: RemindersRepository,
    private readonly events: DomainEventsService,
    private readonly notifier: LinkupNotifier,
    private readonly conversation: ConversationPort,
    private readonly clock: Clock,
  ) {}

  async send(reminder: ReminderRecord, manager: EntityManager): Promise<'sent' | 'skipped'> {
    const now = this.clock.now();
    const linkup = await this.linkups.findById(reminder.linkupId, manager);
    if (!linkup || (linkup.state !== 'locked' && linkup.state !== 'completed')) {
      await this.reminders.finish(reminder.id, 'failed', now, manager);
      await this.record(reminder, 'reminder.skipped', { reason: linkup?.state ?? 'missing' }, manager);
      return 'skipped';
    }
    const group = (await this.participants.listConfirmed(linkup.id, manager)).map((p) => p.userId);
    const view = await this.notifier.view(linkup, manager);
    const copy = this.notifier.copy;
    const body =
      reminder.reminderType === 'day_before' ? copy.dayBefore(view) : reminder.reminderType === 'hours_before' ? copy.hoursBefore(view) : copy.outcomeCheck(view);
    for (const userId of group) {
      await this.notifier.send(userId, body, 'reminder', `reminder:${reminder.id}:${userId}`, linkup.correlationId, manager);
      // Conversation pointers first, the LinkUp row after: the same lock order as inbound handling.
      // A member busy in another flow (interview, forming, an invite) keeps it; their A/B/C is read
      // as the outcome answer once back in idle (OutcomesService.tryAnswerLate).
      if (reminder.reminderType === 'outcome_check') {
        await this.conversation.setModeIfIdle(userId, 'awaiting_invite_reply', `outcome:${linkup.id}`, OUTCOME_ANSWER_TTL_SECONDS, manager);
      }
    }
    if (reminder.reminderType === 'outcome_check' && (await this.linkups.lockById(linkup.id, manager))?.state === 'locked') {
      await this.linkups.transition(linkup.id, 'locked', 'completed', {}, manager);
      await this.events.record(linkupEvent(linkup.id, 'linkup.completed', 'locked', 'completed', linkup.correlationId), manager);
    }
    await this.reminders.finish(reminder.id, 'sent', now, manager);
    await this.record(reminder, 'reminder.sent', { recipients: group.length }, manager);
    return 'sent';
  }

  private record(reminder: ReminderRecord, eventType: string, payload: Record<string, unknown>, manager: EntityManager) {
    return this.events.record(
      {
        entityType: 'linkup_reminder',
        entityId: reminder.id,
        eventType,
        fromState: 'pending',
        toState: eventType === 'reminder.sent' ? 'sent' : 'failed',
        idempotencyKey: `${eventType}:${reminder.id}`,
        payload: { linkupId: reminder.linkupId, type: reminder.reminderType, ...payload },
      },
      manager,
    );
  }
}
