import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../database';
import { SmsConsentService } from '../../identity';
import { ConversationRouter } from '../router/conversation-router';
import type { CarrierAction } from '../providers/twilio-errors';
import { SmsSendersService } from './sms-senders.service';

// What a carrier error does beyond the job, for the dispatcher (API errors) and the delivery
// callbacks alike: opt the number out (21610), mark it undeliverable (21211/21614/30005/30006), or
// raise the operator alarm and pause the sender (30002/30007/30034).
@Injectable()
export class CarrierOutcomesService {
  constructor(
    private readonly router: ConversationRouter,
    private readonly consent: SmsConsentService,
    private readonly senders: SmsSendersService,
    private readonly tx: TransactionRunner,
  ) {}

  async apply(action: CarrierAction, code: string, toE164: string, correlationId: string, via: 'api' | 'callback', messageSid?: string): Promise<void> {
    if (action === 'opt_out') await this.tx.run((m) => this.router.optOutNumber(toE164, 'carrier', correlationId, m));
    else if (action === 'undeliverable') await this.consent.markUndeliverable({ e164: toE164 }, code);
    else if (action === 'alarm') await this.senders.alarm(code, via, messageSid);
  }
}
