import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { MessageCipher } from '../../../common/crypto';
import { InboundSmsService } from '../inbound/inbound-sms.service';
import { TwilioWebhookSigner } from '../inbound/twilio-webhook-signer';
import { SmsMessagesRepository } from '../messages/sms-messages.repository';
import { SmsDispatcher } from '../outbound/sms-dispatcher.service';
import { SmsProvider } from '../providers/sms-provider';
import { DevSmsRepository } from './dev-sms.repository';

const WEBHOOK_PATH = '/webhooks/twilio/sms';
const STATUS_PATH = '/webhooks/twilio/status';

export interface DevTextResult {
  messageSid: string;
  webhookStatus: number;
  sent: number;
}

export interface OutboxLine {
  sid: string;
  purpose: string | null;
  status: string | null;
  body: string | null;
  createdAt: Date;
}

// A line of a member's thread, decrypted: what they texted (in) and what the service texted them
// (out), with its delivery status (`queued` while the job waits, `failed` with the error).
export interface ThreadLine {
  key: string;
  sid: string | null;
  direction: 'in' | 'out';
  body: string | null;
  status: string | null;
  purpose: string | null;
  error: string | null;
  at: Date;
}

// The development SMS tools (/dev/sms, /dev/outbox, /dev/phone): text the service as a member
// through the real, signed webhook and read back what happened. Only the dev controllers (guarded:
// console provider outside production) call it.
@Injectable()
export class DevSmsService {
  constructor(
    private readonly signer: TwilioWebhookSigner,
    private readonly provider: SmsProvider,
    private readonly dispatcher: SmsDispatcher,
    private readonly inbound: InboundSmsService,
    private readonly messages: SmsMessagesRepository,
    private readonly repo: DevSmsRepository,
    private readonly cipher: MessageCipher,
  ) {}

  // Over HTTP to this very server (`origin`), so the text takes the production path, signature
  // included. Then it is handled and the replies are sent now rather than on the next tick.
  async textAs(origin: string, from: string, body: string): Promise<DevTextResult> {
    const params: Record<string, string> = {
      AccountSid: `AC${'0'.repeat(32)}`,
      MessageSid: `SM${randomBytes(16).toString('hex')}`,
      From: from,
      To: this.provider.fromNumber,
      Body: body,
      NumMedia: '0',
    };
    const webhookStatus = await this.postSigned(origin, WEBHOOK_PATH, params);
    await this.inbound.whenIdle();
    const dispatched = await this.dispatcher.dispatchOnce();
    return { messageSid: params.MessageSid, webhookStatus, sent: dispatched.sent };
  }

  // The handset's delivery receipt: a signed status callback, as Twilio posts it.
  async reportDelivered(origin: string, messageSid: string): Promise<number> {
    return this.postSigned(origin, STATUS_PATH, {
      AccountSid: `AC${'0'.repeat(32)}`, MessageSid: messageSid, MessageStatus: 'delivered', From: this.provider.fromNumber,
    });
  }

  // Sends what is due now (the /dev tools do not wait for the dispatch interval).
  async dispatchNow(): Promise<number> {
    return (await this.dispatcher.dispatchOnce()).sent;
  }

  async outboxTo(to: string, limit: number): Promise<OutboxLine[]> {
    const entries = await this.messages.listOutboundTo(to, limit);
    return entries.map((e) => ({
      sid: e.messageSid, purpose: e.purpose, status: e.status, body: e.body ? this.cipher.decrypt(e.body) : null, createdAt: e.createdAt,
    }));
  }

  async thread(userId: string, phone: string, limit = 200): Promise<ThreadLine[]> {
    const lines = await this.repo.thread(userId, phone, limit);
    return lines.map((l) => ({ ...l, body: l.body ? this.cipher.decrypt(l.body) : null }));
  }

  // A value per member that changes whenever their messages, jobs or session do (/dev/phone's feed).
  activityStamps(userIds: string[]): Promise<Map<string, string>> {
    return this.repo.activityStamps(userIds);
  }

  private async postSigned(origin: string, path: string, params: Record<string, string>): Promise<number> {
    const res = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': this.signer.sign(path, params) },
      body: new URLSearchParams(params).toString(),
    });
    await res.arrayBuffer();
    return res.status;
  }
}
