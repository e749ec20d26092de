import type { LinkupBrief } from '../../../common/json-shapes';
import type { ActivityCatalog } from '../forming/activity-catalog';
import { describeLocalClock, describeLocalTime } from '../forming/event-time';

// SMS copy of LinkUps: GSM-7 only, mostly one or two segments. Invites describe the group by traits
// (the explainability reasons), never by names or numbers; only the lock confirmation names people,
// by first name. Members who can't make it text DROP (sms/linkup-cancel-keyword.ts): never CANCEL,
// which carriers treat as STOP. No copy here names an opt-out word (PRODUCT.md section 4).

export interface LinkupView {
  brief: LinkupBrief;
  eventTime: Date;
  timeZone: string;
  venue?: string | null;
}

export class LinkupCopy {
  constructor(private readonly catalog: ActivityCatalog) {}

  private what(v: LinkupView): string {
    return this.catalog.describe(v.brief.activity_key).label;
  }

  private when(v: LinkupView): string {
    return describeLocalTime(v.eventTime, v.timeZone);
  }

  private size(v: LinkupView): string {
    const { min, max } = v.brief.group_size;
    return min === max ? `${max} people` : `${min}-${max} people`;
  }

  askActivity(): string {
    return 'What would you like to do, and when? e.g. "coffee sat morning" or "hike sun". Text NEVERMIND to stop.';
  }

  askDay(activityKey: string): string {
    return `${cap(this.catalog.describe(activityKey).label)} sounds good! When? e.g. sat morning, sun afternoon, tmrw evening.`;
  }

  confirm(v: LinkupView): string {
    return `${cap(this.what(v))} on ${this.when(v)}, ${this.size(v)} incl. you. Reply YES to send invites, or tell me what to change (NEVERMIND to stop).`;
  }

  created(v: LinkupView, windowEndsAt: Date): string {
    return `Done! Invites for ${this.what(v)} are going out now. I'll text you when your group is set (by ${describeLocalTime(windowEndsAt, v.timeZone)}).`;
  }

  dropped(): string {
    return 'OK, dropped it. Text LINKUP any time to plan something.';
  }

  alreadyOpen(v: LinkupView): string {
    return `You already have ${this.what(v)} on ${this.when(v)} on the way. Text STATUS to see it.`;
  }

  cannotInitiate(reason: 'on_hold' | 'not_entitled' | 'not_active' | 'no_region'): string {
    switch (reason) {
      case 'on_hold':
        return "Your account is under review, so you can't start a LinkUp right now.";
      case 'not_entitled':
        return 'Starting a LinkUp needs an active membership.';
      case 'no_region':
        return "JOSH isn't open in your area yet. We'll text you as soon as it is.";
      case 'not_active':
        return 'Finish your profile first: text PROFILE to pick up where you left off.';
    }
  }

  invite(v: LinkupView, reasons: string[], expiresAt: Date): string {
    const why = reasons.length ? ` Picked for you: ${reasons.join(', ')}.` : '';
    return `JOSH: Join ${this.what(v)} on ${this.when(v)}? A small group (${this.size(v)}).${why} Reply YES to join or NO to pass by ${describeLocalClock(expiresAt, v.timeZone)}.`;
  }

  inviteReask(v: LinkupView): string {
    return `Reply YES to join ${this.what(v)} on ${this.when(v)}, or NO to pass.`;
  }

  // A bare DROP with an open invite: confirm it means passing.
  inviteCancelAsk(v: LinkupView): string {
    return `Pass on ${this.what(v)} on ${this.when(v)}? Reply NO to pass or YES to join.`;
  }

  accepted(): string {
    return "You're in! I'll text you when the group is set.";
  }

  declined(): string {
    return 'No problem, maybe next time!';
  }

  alreadyIn(): string {
    return "You're already in! Text STATUS for the details.";
  }

  filledUp(): string {
    return 'Sorry, this one filled up! We will invite you to the next one.';
  }

  passedAlready(): string {
    return "You passed on that one, no worries. We'll invite you to the next one!";
  }

  gone(): string {
    return "That LinkUp isn't happening anymore. We'll find you another one.";
  }

  inviteExpired(): string {
    return "That invite has expired, but we'll send you another one soon.";
  }

  noInvite(): string {
    return "You don't have an open invite right now. Text STATUS for your plans or LINKUP to start one.";
  }

  lockConfirmation(v: LinkupView, others: string[]): string {
    const spot = v.venue ? ` Meet at ${v.venue}.` : '';
    return `You're set! ${cap(this.what(v))} on ${this.when(v)} with ${listNames(others)}.${spot} Reminder the day before. Can't make it? Text DROP.`;
  }

  expired(v: LinkupView): string {
    return `Not enough people could make ${this.what(v)} on ${this.when(v)}, so it's off this time. Text LINKUP to try another time.`;
  }

  canceled(v: LinkupView): string {
    return `${cap(this.what(v))} on ${this.when(v)} was called off. Sorry! Text LINKUP to plan another.`;
  }

  // After the lock: `filling` = the spot is offered to someone new; `needed` = the group is under
  // its minimum and is called off if nobody takes the spot by `deadline`.
  someoneLeft(v: LinkupView, remaining: number, refill: 'none' | 'filling' | 'needed', deadline?: Date): string {
    const head = `Heads up: one person can't make ${this.what(v)} on ${this.when(v)}.`;
    if (refill === 'needed' && deadline) {
      return `${head} We're inviting someone to take the spot; if nobody can by ${describeLocalTime(deadline, v.timeZone)}, we'll call it off and let you know.`;
    }
    const still = `${head} It's still on with ${remaining} of you.`;
    return refill === 'filling' ? `${still} We're inviting someone to take the spot.` : still;
  }

  // Before the lock, when someone was taken out (never said why).
  spotOpened(v: LinkupView): string {
    return `Heads up: a spot opened in ${this.what(v)} on ${this.when(v)}. We're inviting someone to take it.`;
  }

  // To the group of a locked LinkUp when someone takes a freed spot.
  newcomer(v: LinkupView, firstName: string, count: number): string {
    return `Good news: ${firstName} is joining ${this.what(v)} on ${this.when(v)}. That's ${count} of you now.`;
  }

  acceptedIntoLocked(): string {
    return "You're in! The group is already set: the details are on their way.";
  }

  cannotJoinOnHold(): string {
    return "Your account is under review, so you can't join a LinkUp right now.";
  }

  // "coffee Sat": how a LinkUp is named in a list (safety's person picker).
  shortLabel(v: LinkupView): string {
    const day = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: v.timeZone }).format(v.eventTime);
    return `${this.what(v)} ${day}`;
  }

  askCancel(v: LinkupView, initiator: boolean, late: boolean): string {
    const what = initiator ? `Call off ${this.what(v)} on ${this.when(v)} for everyone?` : `Cancel your spot in ${this.what(v)} on ${this.when(v)}?`;
    const warning = late ? " It's less than a day away, so it counts as a late cancel." : '';
    return `${what}${warning} Reply YES to cancel or NO to keep it.`;
  }

  cancelDone(initiator: boolean): string {
    return initiator ? "Done, it's called off and everyone has been told." : "Done, you're out. Thanks for letting the group know.";
  }

  cancelKept(): string {
    return "Great, you're still in!";
  }

  nothingToCancel(): string {
    return "You don't have an upcoming LinkUp to cancel.";
  }

  dayBefore(v: LinkupView): string {
    const spot = v.venue ? ` at ${v.venue}` : '';
    return `Reminder: ${this.what(v)} tomorrow, ${this.when(v)}${spot}. Can't make it? Text DROP.`;
  }

  hoursBefore(v: LinkupView): string {
    const spot = v.venue ? ` at ${v.venue}` : '';
    return `See you soon! ${cap(this.what(v))} at ${describeLocalClock(v.eventTime, v.timeZone)}${spot}.`;
  }

  outcomeCheck(v: LinkupView): string {
    return `How was ${this.what(v)}? Reply A = went, would do it again; B = went, once was enough; C = couldn't make it.`;
  }

  outcomeReask(): string {
    return 'Reply A = went, would do it again; B = went, once was enough; C = couldn\'t make it.';
  }

  outcomeThanks(attended: boolean): string {
    return attended ? 'Thanks! That helps us find your people.' : 'Thanks for letting us know. Hope to see you at the next one!';
  }

  status(items: Array<{ v: LinkupView; state: string; confirmed: number }>, pending: LinkupView | null): string {
    const lines = items.map(({ v, state, confirmed }, i) => {
      const where = state === 'locked' ? `set, ${confirmed} going` : `inviting, ${confirmed} in so far`;
      return `${i + 1}) ${cap(this.what(v))} ${this.when(v)} - ${where}`;
    });
    if (pending) lines.push(`Invite waiting: ${this.what(pending)} ${this.when(pending)}. Reply YES or NO.`);
    if (lines.length === 0) return 'No upcoming LinkUps. Text LINKUP to plan one.';
    return `Your LinkUps:\n${lines.join('\n')}`;
  }
}

export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// "Ana", "Ana and Ben", "Ana, Ben and Chris".
export function listNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? 'your group';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
