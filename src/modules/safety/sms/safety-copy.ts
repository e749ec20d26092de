import { Inject, Injectable } from '@nestjs/common';
import { ConversationSettings } from '../../conversation';
import { SafetySettings } from '../core/safety.settings';

export interface PickerLine {
  name: string | null; // null: a member who deleted their account
  label?: string; // "coffee Sat"
}

const LEAVE_HINT = 'Text NEVERMIND to leave it.';

// Safety's SMS copy: GSM-7, one or two segments (a picker of 9 people three). Never tells a
// member to text an opt-out word (safety-copy.spec.ts checks), never names who reported whom.
@Injectable()
export class SafetyCopy {
  constructor(
    @Inject(ConversationSettings) private readonly conversation: ConversationSettings,
    @Inject(SafetySettings) private readonly settings: SafetySettings,
  ) {}

  private get support(): string {
    return this.conversation.SMS_SUPPORT_CONTACT;
  }

  private get days(): number {
    return this.settings.SAFETY_REPORT_LOOKBACK_DAYS;
  }

  reportPicker(people: PickerLine[]): string {
    return `Who would you like to report? Reply with their number:\n${lines(people)}\nThey won't know. ${LEAVE_HINT}`;
  }

  blockPicker(people: PickerLine[]): string {
    return `Who would you like to block? Reply with their number:\n${lines(people)}\nThey won't be told. ${LEAVE_HINT}`;
  }

  unblockPicker(people: PickerLine[]): string {
    return `Who would you like to unblock? Reply with their number:\n${lines(people)}\n${LEAVE_HINT}`;
  }

  pickAgain(count: number): string {
    return count === 1 ? `Please reply 1, or NEVERMIND to leave it.` : `Please reply with a number from 1 to ${count}, or NEVERMIND to leave it.`;
  }

  noOneToReport(): string {
    return `We found nobody from your LinkUps of the last ${this.days} days. To report something else, contact ${this.support}. If you are in danger, call ${this.settings.SAFETY_EMERGENCY_NUMBER}.`;
  }

  noOneToBlock(): string {
    return `We found nobody from your LinkUps of the last ${this.days} days to block. Questions? ${this.support}`;
  }

  noBlocks(): string {
    return "You haven't blocked anyone.";
  }

  askWhatHappened(name: string | null): string {
    return `What happened with ${display(name)}? Tell us in one message. Only our safety team will read it. ${LEAVE_HINT}`;
  }

  describeAgain(): string {
    return `Please tell us in words what happened, in one message. ${LEAVE_HINT}`;
  }

  reportThanks(severe: boolean): string {
    const urgent = severe ? ` Our safety team will look at it right away. If you are in danger, call ${this.settings.SAFETY_EMERGENCY_NUMBER}.` : ' Our safety team will review it.';
    return `Thank you for telling us.${urgent} They won't be told who reported them. To never be matched with them again, text BLOCK.`;
  }

  blocked(name: string | null, shareUpcoming: boolean): string {
    const upcoming = shareUpcoming ? " You're both in a LinkUp coming up: if you'd rather not go, text DROP OUT." : '';
    return `Done. You won't be matched with ${display(name)} again, and they won't be told.${upcoming}`;
  }

  alreadyBlocked(name: string | null): string {
    return `You already blocked ${display(name)}. You won't be matched again.`;
  }

  unblocked(name: string | null): string {
    return `Done, ${display(name)} is unblocked. You may be matched again.`;
  }

  left(): string {
    return 'OK, nothing was sent.';
  }

  deleteAsk(): string {
    return `This deletes your JOSH account: your details and profile are erased and you leave any LinkUps ahead. Reply DELETE again within ${this.settings.SAFETY_DELETE_CONFIRM_MINUTES} minutes to confirm. Anything else keeps your account.`;
  }

  deleteKept(): string {
    return 'OK, your account stays as it is.';
  }

  deleted(): string {
    return 'Your JOSH account is deleted and your details erased. Thank you for being part of JOSH. You can sign up again any time.';
  }

  holdNotice(): string {
    return `Your JOSH account is under review, so it is paused for now. We'll text you when the review is done. Questions? ${this.support}`;
  }

  holdCleared(): string {
    return 'Your JOSH account review is done and your account is active again. Text LINKUP to plan something.';
  }

  // A text in `safety_hold` after the hold ended (before the member heard).
  accountActive(): string {
    return 'Your JOSH account is active again. Text LINKUP to plan something, or HELP.';
  }

  // Appended when a safety flow ends and the member's earlier one is given back.
  backToEarlier(): string {
    return "We're back to what we were talking about before: reply to that as you were.";
  }

  earlierTimedOut(): string {
    return 'What we were talking about before timed out meanwhile.';
  }
}

function display(name: string | null): string {
  return name ?? 'that former member';
}

function lines(people: PickerLine[]): string {
  return people.map((p, i) => `${i + 1} ${p.name ? p.name.slice(0, 20) : 'Former member'}${p.label ? ` (${p.label})` : ''}`).join('\n');
}
