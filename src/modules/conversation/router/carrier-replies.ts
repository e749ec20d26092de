import { Inject, Injectable } from '@nestjs/common';
import { ConversationSettings } from '../conversation.settings';

// The replies carriers require to HELP, STOP and START, sent by us only with
// SMS_KEYWORD_MODE=app (a provider without keyword handling); with Twilio, its opt-out management
// sends them. They stand in for the carrier's replies, and CTIA requires a HELP reply to say how to
// opt out, so this is the one copy allowed to name an opt-out word (test/foundation/sms-templates.test.ts).
@Injectable()
export class CarrierReplies {
  constructor(@Inject(ConversationSettings) private readonly settings: ConversationSettings) {}

  help(): string {
    return `JOSH: small meetups with new friends, by text. Msg frequency varies. Msg&data rates may apply. Reply STOP to opt out. Help: ${this.settings.SMS_SUPPORT_CONTACT}`;
  }

  optedOut(): string {
    return "You're unsubscribed from JOSH and will get no more texts. Reply START to resubscribe.";
  }

  optedIn(): string {
    return "You're subscribed to JOSH texts again. Reply HELP for help.";
  }
}
