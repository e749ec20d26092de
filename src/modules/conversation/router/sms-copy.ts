import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config';
import type { ConversationMode } from '../../../database/enums';
import { ConversationSettings } from '../conversation.settings';

// Where a member is, for the one line of context help a HELP gets.
export type HelpContext = ConversationMode | 'unknown' | 'unverified' | 'suspended';

// The pipeline's own SMS copy: GSM-7 only, each within one or two segments. None of it asks a
// member to text an opt-out word (PRODUCT.md section 4); the carrier replies are in CarrierReplies.
@Injectable()
export class SmsCopy {
  constructor(
    private readonly config: AppConfig,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
  ) {}

  // The line we add to the carrier's HELP reply: where the member is and what they can text.
  helpContext(where: HelpContext): string {
    const support = `Help: ${this.settings.SMS_SUPPORT_CONTACT}`;
    switch (where) {
      case 'unknown':
        return `JOSH: small meetups with new friends, by text. Not signed up yet? Join at ${this.config.publicBaseUrl}/join - ${support}`;
      case 'unverified':
        return `JOSH: finish signing up at ${this.config.publicBaseUrl}/join - ${support}`;
      case 'suspended':
      case 'safety_hold':
        return `JOSH: your account is under review. ${support}`;
      case 'interviewing':
        return `JOSH: you're answering your profile questions. Reply to the last one, or SKIP. ${support}`;
      case 'linkup_forming':
        return `JOSH: you're planning a LinkUp. Reply to the last question, or NEVERMIND. ${support}`;
      case 'awaiting_invite_reply':
        return `JOSH: we're waiting for your answer to the last message. ${support}`;
      case 'idle':
        return `JOSH: text LINKUP to plan something, STATUS for your plans, PROFILE for your profile. ${support}`;
    }
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

  idleHelp(firstName: string): string {
    return `Hi ${firstName}! Text LINKUP to plan something, STATUS for your plans, PROFILE to update your profile, or HELP.`;
  }

  timedOut(): string {
    return 'That last conversation timed out, so we set it aside.';
  }

  handlerFailed(): string {
    return 'Sorry, something went wrong on our side. Please try again in a few minutes.';
  }
}
