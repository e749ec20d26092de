import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config';
import { ConversationSettings } from '../conversation.settings';

// The pipeline's own SMS copy: GSM-7 only, each within one or two segments.
@Injectable()
export class SmsCopy {
  constructor(
    private readonly config: AppConfig,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
  ) {}

  help(): string {
    return `JOSH: small meetups with new friends, by text. Reply STOP to opt out, START to opt back in. Help: ${this.settings.SMS_SUPPORT_CONTACT}. Msg&data rates may apply.`;
  }

  optedIn(): string {
    return 'You are subscribed to JOSH texts again. Reply HELP for help, STOP to opt out.';
  }

  registrationLink(): string {
    return `Hi! This number is not signed up for JOSH yet. Join at ${this.config.publicBaseUrl}/join - Reply STOP to opt out.`;
  }

  finishRegistration(): string {
    return `You're almost in! Finish signing up for JOSH at ${this.config.publicBaseUrl}/join - Reply STOP to opt out.`;
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
