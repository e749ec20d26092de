import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { currentCorrelationId } from '../../../common/context/request-context';
import { TransactionRunner } from '../../../database';
import { MessageEventsRepository } from '../events/message-events.repository';
import { SmsMessagesRepository } from '../messages/sms-messages.repository';
import { TWILIO_UNSUBSCRIBED } from '../providers/twilio-errors';
import { ConversationRouter } from '../router/conversation-router';

// Twilio's delivery statuses in the order they can happen. The three terminal ones share the top
// rank: once one is recorded nothing moves it, whatever order callbacks arrive in.
export const DELIVERY_STATUS_RANK: ReadonlyMap<string, number> = new Map([
  ['accepted', 1],
  ['scheduled', 1],
  ['queued', 2],
  ['sending', 3],
  ['sent', 4],
  ['delivered', 10],
  ['undelivered', 10],
  ['failed', 10],
  ['canceled', 10],
]);

export interface DeliveryStatus {
  messageSid: string;
  status: string;
  errorCode?: string;
}

@Injectable()
export class DeliveryStatusService {
  private readonly log = new Logger(DeliveryStatusService.name);

  constructor(
    private readonly messages: SmsMessagesRepository,
    private readonly events: MessageEventsRepository,
    private readonly router: ConversationRouter,
    private readonly tx: TransactionRunner,
  ) {}

  // Repeated, late and out-of-order callbacks are harmless: the status only moves forward.
  async record(callback: DeliveryStatus): Promise<boolean> {
    const status = callback.status.toLowerCase();
    const moved = await this.messages.advanceStatus(callback.messageSid, status, DELIVERY_STATUS_RANK);
    if (!moved) {
      this.log.debug({ msg: 'status callback changed nothing', sid: callback.messageSid, status });
      return false;
    }
    if (callback.errorCode) {
      const correlationId = currentCorrelationId() ?? randomUUID();
      await this.events.record({
        userId: moved.userId, type: 'outbound.delivery_error',
        payload: { sid: callback.messageSid, status, errorCode: callback.errorCode }, correlationId,
      });
      // The carrier reports the member unsubscribed: stop texting them on our side too.
      if (callback.errorCode === String(TWILIO_UNSUBSCRIBED) && moved.userId) {
        const userId = moved.userId;
        await this.tx.run((m) => this.router.optOutMember(userId, correlationId, m));
      }
    }
    return true;
  }
}
