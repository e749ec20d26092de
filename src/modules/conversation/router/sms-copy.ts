import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config';
import type { ConversationMode } from '../../../database/enums';
import { ConversationSettings } from '../conversation.settings';
import { countSegments } from '../outbound/sms-segments';

// The pipeline's own SMS copy: GSM-7 only, each within one or two segments. None of it asks a
// member to text an opt-out word (PRODUCT.md section 4); the carrier replies are in CarrierReplies.
@Injectable()
export class SmsCopy {
  constructor(
    private readonly config: AppConfig,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
  ) {}

  // HELP's line of ours: where the member is and what they can text, framed with the program name
  // and the support contact, in one GSM-7 segment (the contact is left out if a long one would not fit).
  helpLine(where: string): string {
    const framed = `JOSH: ${where} Help: ${this.settings.SMS_SUPPORT_CONTACT}`;
    return countSegments(framed).segments === 1 && countSegments(framed).encoding === 'GSM-7' ? framed : `JOSH: ${where}`;
  }

  // SMS_KEYWORD_MODE=app: our line, then the carrier's help (which names the support contact).
  helpWithCarrier(where: string, carrierHelp: string): string {
    return `JOSH: ${where}\n${carrierHelp}`;
  }

  // Where a stranger or an unverified member is (HELP before any flow).
  strangerWhere(): string {
    return `Small meetups with new friends, by text. Not signed up yet? Join at ${this.config.publicBaseUrl}/join`;
  }

  unverifiedWhere(): string {
    return `Finish signing up at ${this.config.publicBaseUrl}/join`;
  }

  // Where a member is when no flow describes it (idle, safety_hold, a mode without a handler).
  modeWhere(mode: ConversationMode | 'suspended'): string {
    switch (mode) {
      case 'suspended':
      case 'safety_hold':
        return 'Your account is under review.';
      case 'interviewing':
        return "You're answering your profile questions. Reply to the last one, or SKIP.";
      case 'linkup_forming':
        return "You're planning a LinkUp. Reply to the last question, or NEVERMIND.";
      case 'awaiting_invite_reply':
        return "We're waiting for your answer to the last message.";
      case 'idle':
        return "You're all set. Text what you'd like to do and when, e.g. coffee sat morning, or MENU to see what you can text.";
    }
  }

  // MENU: what a member can text (the registered commands' lines).
  menu(lines: string[], inFlow: boolean): string {
    return `Here's what you can text:\n${lines.join('\n')}${inFlow ? '\nOr just answer my last question.' : ''}`;
  }

  // A command that starts another flow, while the current one holds something worth keeping.
  switchAsk(unsaved: string, label: string): string {
    return `You're in the middle of ${unsaved}. Leave it and ${label}? Reply YES to switch, or NO to keep going.`;
  }

  switchWhere(unsaved: string, label: string): string {
    return `We asked if you want to leave ${unsaved} and ${label}. Reply YES or NO.`;
  }

  switchKept(): string {
    return "OK, let's keep going.";
  }

  registrationLink(): string {
    return `Hi! This number is not signed up for JOSH yet. Join at ${this.config.publicBaseUrl}/join`;
  }

  finishRegistration(): string {
    return `You're almost in! Finish signing up for JOSH at ${this.config.publicBaseUrl}/join`;
  }

  suspended(): string {
    return `Your JOSH account is paused. Questions? ${this.settings.SMS_SUPPORT_CONTACT}`;
  }

  // Idle, a text that is nothing we know: the gentle explanation (the second miss in a row gets MENU).
  idleHelp(firstName: string): string {
    return `Hi ${shortName(firstName)}! To plan something, text what you'd like to do and when, e.g. "coffee sat morning". MENU shows everything you can text.`;
  }

  timedOut(): string {
    return 'That last conversation timed out, so we set it aside.';
  }

  handlerFailed(): string {
    return 'Sorry, something went wrong on our side. Please try again in a few minutes.';
  }
}

// Names are the member's own; long ones are cut so the message keeps its length.
function shortName(firstName: string): string {
  const name = (firstName ?? '').trim() || 'there';
  return name.length > 20 ? name.slice(0, 20) : name;
}
