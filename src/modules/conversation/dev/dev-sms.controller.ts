import { Body, Controller, Get, HttpCode, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { randomBytes } from 'node:crypto';
import { MessageCipher } from '../../../common/crypto';
import { SmsMessagesRepository } from '../messages/sms-messages.repository';
import { SmsDispatcher } from '../outbound/sms-dispatcher.service';
import { SmsProvider } from '../providers/sms-provider';
import { InboundSmsService } from '../inbound/inbound-sms.service';
import { TwilioWebhookSigner } from '../inbound/twilio-webhook-signer';
import { DevOutboxQuery, DevSendSmsDto } from './dev-sms.dto';
import { DevToolingGuard } from './dev-tooling.guard';

const WEBHOOK_PATH = '/webhooks/twilio/sms';

// Development only (console provider, never production): text the service as a member through the
// real, signed webhook, and read back what it sent.
@ApiExcludeController()
@Controller('dev')
@UseGuards(DevToolingGuard)
export class DevSmsController {
  constructor(
    private readonly signer: TwilioWebhookSigner,
    private readonly provider: SmsProvider,
    private readonly dispatcher: SmsDispatcher,
    private readonly inbound: InboundSmsService,
    private readonly messages: SmsMessagesRepository,
    private readonly cipher: MessageCipher,
  ) {}

  @Post('sms')
  @HttpCode(200)
  async send(@Body() dto: DevSendSmsDto, @Req() req: Request) {
    const params: Record<string, string> = {
      AccountSid: `AC${'0'.repeat(32)}`,
      MessageSid: `SM${randomBytes(16).toString('hex')}`,
      From: dto.from,
      To: this.provider.fromNumber,
      Body: dto.body,
      NumMedia: '0',
    };
    // Over HTTP to this very server, so the text takes the production path (signature included).
    const res = await fetch(`${localOrigin(req)}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': this.signer.sign(WEBHOOK_PATH, params) },
      body: new URLSearchParams(params).toString(),
    });
    // Handle it and send the replies now rather than on the next tick, so /dev/outbox shows them at once.
    await this.inbound.whenIdle();
    const dispatched = await this.dispatcher.dispatchOnce();
    return { messageSid: params.MessageSid, webhookStatus: res.status, sent: dispatched.sent };
  }

  @Get('outbox')
  async outbox(@Query() query: DevOutboxQuery) {
    const entries = await this.messages.listOutboundTo(query.to, Number(query.limit ?? 100));
    return entries.map((e) => ({
      sid: e.messageSid,
      purpose: e.purpose,
      status: e.status,
      body: e.body ? this.cipher.decrypt(e.body) : null,
      createdAt: e.createdAt,
    }));
  }
}

function localOrigin(req: Request): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  const host = address.startsWith('::ffff:') ? address.slice(7) : address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort}`;
}
