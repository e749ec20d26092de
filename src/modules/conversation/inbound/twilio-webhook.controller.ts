import { Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isDatabaseUnavailable } from '../../../database';
import { ConversationError, ConversationErrorCode } from '../conversation.errors';
import { CarrierKeywordsService, parseOptOutType } from './carrier-keywords.service';
import { DeliveryStatusService } from './delivery-status.service';
import { InboundSmsService } from './inbound-sms.service';
import { InboundSpool } from './inbound-spool';
import { TwilioSignatureGuard } from './twilio-signature.guard';

// What Twilio expects back when we have nothing to say inline (replies go through the queue).
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const SID = /^[A-Za-z0-9]{2,64}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

function field(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  return typeof v === 'string' ? v : undefined;
}

function invalid(message: string): ConversationError {
  return new ConversationError(ConversationErrorCode.InvalidWebhook, message);
}

// Twilio's form posts: untyped bodies on purpose (Twilio adds fields over time), checked by hand.
@ApiExcludeController()
@Controller('webhooks/twilio')
@UseGuards(TwilioSignatureGuard)
export class TwilioWebhookController {
  constructor(
    private readonly inbound: InboundSmsService,
    private readonly status: DeliveryStatusService,
    private readonly carrierKeywords: CarrierKeywordsService,
    private readonly spool: InboundSpool,
  ) {}

  @Post('sms')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async receiveSms(@Body() body: Record<string, unknown>): Promise<string> {
    const messageSid = field(body, 'MessageSid') ?? field(body, 'SmsSid');
    const from = field(body, 'From');
    const to = field(body, 'To');
    if (!messageSid || !SID.test(messageSid)) throw invalid('MessageSid is missing or malformed.');
    if (!from || !E164.test(from) || !to) throw invalid('From and To must be phone numbers.');
    const mediaCount = Number(field(body, 'NumMedia') ?? 0);
    await this.carrierKeywords.mirror(from, parseOptOutType(field(body, 'OptOutType')));
    await this.inbound.receive({
      messageSid,
      from,
      to,
      text: field(body, 'Body') ?? '',
      mediaCount: Number.isInteger(mediaCount) && mediaCount >= 0 ? mediaCount : 0,
    });
    return EMPTY_TWIML;
  }

  @Post('status')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async deliveryStatus(@Body() body: Record<string, unknown>): Promise<string> {
    const messageSid = field(body, 'MessageSid') ?? field(body, 'SmsSid');
    const status = field(body, 'MessageStatus') ?? field(body, 'SmsStatus');
    if (!messageSid || !SID.test(messageSid) || !status) throw invalid('MessageSid and MessageStatus are required.');
    const callback = { messageSid, status, errorCode: field(body, 'ErrorCode') || undefined };
    try {
      await this.status.record(callback);
    } catch (err) {
      // Twilio does not send a status callback again: with the database away it waits in the spool.
      if (!isDatabaseUnavailable(err)) throw err;
      await this.spool.appendStatus(callback);
    }
    return EMPTY_TWIML;
  }
}
