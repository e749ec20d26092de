import { Inject, Injectable } from '@nestjs/common';
import { MessageCipher } from '../../../common/crypto';
import { currentCorrelationId } from '../../../common/context/request-context';
import { UsersService } from '../../identity';
import type { EnqueueResult, EnqueueSmsRequest, OutboundPurpose } from '../conversation.contracts';
import { ConversationError, ConversationErrorCode } from '../conversation.errors';
import { ConversationSettings } from '../conversation.settings';
import { NewOutboundJob, OutboundJobsRepository } from './outbound-jobs.repository';
import { countSegments } from './sms-segments';

// Lower goes first. Codes and lock confirmations are time-critical; bulk waits.
export const PURPOSE_PRIORITY: Record<OutboundPurpose, number> = {
  otp: 10,
  lock_confirmation: 10,
  carrier_reply: 15,
  reply: 20,
  interview: 30,
  invite: 40,
  reminder: 50,
  notice: 60,
  registration_link: 70,
  bulk: 100,
};

const E164 = /^\+[1-9]\d{6,14}$/;

@Injectable()
export class OutboundSmsService {
  constructor(
    private readonly jobs: OutboundJobsRepository,
    private readonly users: UsersService,
    private readonly cipher: MessageCipher,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
  ) {}

  // Queues one SMS, once per idempotency key; the dispatcher sends it. Pass `manager` to queue
  // it inside the caller's transaction (nothing is queued if that transaction rolls back).
  async enqueue(req: EnqueueSmsRequest): Promise<EnqueueResult> {
    return this.jobs.insertOnce(await this.prepare(req), req.manager);
  }

  // Validates, resolves the recipient and encrypts: the row `enqueue` would insert.
  async prepare(req: EnqueueSmsRequest): Promise<NewOutboundJob> {
    const body = req.body?.trim() ?? '';
    if (!body) throw new ConversationError(ConversationErrorCode.EmptyBody, 'An SMS needs a body.');
    const { segments } = countSegments(body);
    if (segments > this.settings.SMS_MAX_SEGMENTS) {
      throw new ConversationError(ConversationErrorCode.BodyTooLong, `The SMS would take ${segments} segments.`, {
        segments,
        maxSegments: this.settings.SMS_MAX_SEGMENTS,
      });
    }
    if (!req.idempotencyKey) throw new ConversationError(ConversationErrorCode.NoRecipient, 'An idempotency key is required.');
    const { userId, to } = await this.resolveRecipient(req);
    return {
      userId,
      toE164: to,
      body: this.cipher.encrypt(body),
      purpose: req.purpose,
      priority: PURPOSE_PRIORITY[req.purpose] ?? PURPOSE_PRIORITY.bulk,
      idempotencyKey: req.idempotencyKey,
      correlationId: req.correlationId ?? currentCorrelationId() ?? null,
      runAfter: req.notBefore ?? null,
      validForSeconds: req.validForSeconds ?? null,
    };
  }

  private async resolveRecipient(req: EnqueueSmsRequest): Promise<{ userId: string | null; to: string }> {
    if (req.to && !E164.test(req.to)) {
      throw new ConversationError(ConversationErrorCode.InvalidPhone, 'The recipient must be an E.164 number.');
    }
    if (req.userId && req.to) return { userId: req.userId, to: req.to };
    if (req.userId) {
      const user = await this.users.findById(req.userId, req.manager);
      if (!user) throw new ConversationError(ConversationErrorCode.UnknownUser, 'No such member.');
      return { userId: user.id, to: user.phoneE164 };
    }
    if (req.to) {
      // Attach the member when the number belongs to one, so their consent is checked at send time
      // (a deleted member's number belongs to nobody any more).
      const user = await this.users.findByPhoneE164(req.to, req.manager);
      return { userId: user && !user.deletedAt ? user.id : null, to: req.to };
    }
    throw new ConversationError(ConversationErrorCode.NoRecipient, 'An SMS needs a userId or a number.');
  }
}
