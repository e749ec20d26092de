import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { currentCorrelationId } from '../../../common/context/request-context';
import { ConversationSettings } from '../conversation.settings';
import { MessageEventsRepository } from '../events/message-events.repository';
import { EarlyStatusCallbacksRepository } from '../messages/early-status-callbacks.repository';
import { SmsMessagesRepository } from '../messages/sms-messages.repository';
import { backoffSeconds } from '../outbound/backoff';
import { CarrierOutcomesService } from '../outbound/carrier-outcomes.service';
import { OutboundJobsRepository } from '../outbound/outbound-jobs.repository';
import { carrierAction } from '../providers/twilio-errors';

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

// Status callbacks: the outbound row's status moves forward only, and an error acts once (when the
// status moved): 30003/30008/30001 send again while the message is valid, 30005/30006 mark the
// number undeliverable, 21610 opts it out, 30002/30007/30034 raise the alarm and pause the sender.
@Injectable()
export class DeliveryStatusService {
  private readonly log = new Logger(DeliveryStatusService.name);

  constructor(
    private readonly messages: SmsMessagesRepository,
    private readonly early: EarlyStatusCallbacksRepository,
    private readonly jobs: OutboundJobsRepository,
    private readonly events: MessageEventsRepository,
    private readonly outcomes: CarrierOutcomesService,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
  ) {}

  // Repeated, late and out-of-order callbacks are harmless: the status only moves forward. A
  // callback for a message whose row is not written yet (our send has not completed) is kept and
  // applied when it is.
  async record(callback: DeliveryStatus): Promise<boolean> {
    const status = callback.status.toLowerCase();
    if (!DELIVERY_STATUS_RANK.has(status)) return false;
    if (await this.apply({ ...callback, status })) return true;
    if (await this.messages.outboundExists(callback.messageSid)) {
      this.log.debug({ msg: 'status callback changed nothing', sid: callback.messageSid, status });
      return false;
    }
    await this.early.keep({ messageSid: callback.messageSid, status, errorCode: callback.errorCode ?? null }, DELIVERY_STATUS_RANK);
    this.log.log({ msg: 'status callback before its message row; kept', sid: callback.messageSid, status });
    // The row may have been written meanwhile, after the dispatcher looked for kept callbacks.
    await this.applyEarly(callback.messageSid);
    return true;
  }

  // Called once the outbound row of `messageSid` exists: applies the callback kept for it, if any.
  async applyEarly(messageSid: string): Promise<void> {
    if (!(await this.messages.outboundExists(messageSid))) return;
    const kept = await this.early.take(messageSid);
    if (kept) await this.apply({ messageSid, status: kept.status, errorCode: kept.errorCode ?? undefined });
  }

  private async apply(callback: DeliveryStatus): Promise<boolean> {
    const moved = await this.messages.advanceStatus(callback.messageSid, callback.status, DELIVERY_STATUS_RANK);
    if (!moved) return false;
    if (callback.errorCode) await this.onError(callback, moved);
    return true;
  }

  private async onError(callback: DeliveryStatus, moved: { userId: string | null; toE164: string }): Promise<void> {
    const code = callback.errorCode!;
    const correlationId = currentCorrelationId() ?? randomUUID();
    const action = carrierAction(code);
    await this.events.record({
      userId: moved.userId, type: 'outbound.delivery_error',
      payload: { sid: callback.messageSid, status: callback.status, errorCode: code, action: action ?? null }, correlationId,
    });
    if (action === 'retry') return this.resend(callback.messageSid, code);
    if (action) await this.outcomes.apply(action, code, moved.toE164, correlationId, 'callback', callback.messageSid);
  }

  // A new attempt of the same job (its idempotency key unchanged), while still valid and within tries.
  private async resend(messageSid: string, code: string): Promise<void> {
    const delay = backoffSeconds(1, this.settings.SMS_BACKOFF_BASE_SECONDS, this.settings.SMS_BACKOFF_MAX_SECONDS);
    const jobId = await this.jobs.resendUndelivered(messageSid, delay, code, this.settings.SMS_MAX_ATTEMPTS);
    if (jobId) this.log.warn({ msg: 'undelivered; sending again', jobId, sid: messageSid, code, retryInSeconds: delay });
    else this.log.warn({ msg: 'undelivered and not sent again: expired, out of tries or already resent', sid: messageSid, code });
  }
}
