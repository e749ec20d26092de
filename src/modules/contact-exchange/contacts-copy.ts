import { parsePhoneNumberFromString } from 'libphonenumber-js';

// SMS copy of contact exchange (GSM-7 apart from members' names). Nothing here ever says who chose
// what: the chooser hears the same thing whatever they chose, and a no is never mentioned to anyone.
export const contactsCopy = {
  prompt(activity: string, names: string[], url: string): string {
    const list = names.map((n, i) => `${i + 1} ${n}`).join('\n');
    const ask = names.length === 1
      ? 'Reply 1 to swap numbers, or NONE:'
      : `Reply with the numbers of the people you'd like to swap numbers with, e.g. ${example(names.length)}, or NONE:`;
    return `Thanks for going to ${activity}! Want to swap numbers with anyone? ${ask}\n${list}\nOr choose here: ${url}\nWe only share numbers when both say yes.`;
  },

  saved(anyYes: boolean): string {
    return anyYes ? "Got it! If they say yes too, we'll text you their number." : "Got it, we won't share your number.";
  },

  reask(count: number): string {
    if (count === 1) return 'Reply 1 to swap numbers, or NONE.';
    return `Reply with numbers from 1 to ${count} for the people you'd like to swap numbers with (e.g. ${example(count)}), or NONE.`;
  },

  gaveUp(): string {
    return 'No problem, nothing saved. You can still choose on your LinkUp page: text LINK for a link.';
  },

  closed(): string {
    return 'The time to swap numbers for that LinkUp has passed, so nothing was saved.';
  },

  link(url: string): string {
    return `Choose who to swap numbers with here: ${url}`;
  },

  // Both said yes: each gets the other's first name and number.
  reveal(activity: string, otherName: string, otherPhoneE164: string): string {
    const phone = parsePhoneNumberFromString(otherPhoneE164)?.formatInternational() ?? otherPhoneE164;
    return `${otherName} from ${activity} wants to stay in touch too! ${otherName}'s number: ${phone}. Say hi!`;
  },
};

function example(count: number): string {
  return count >= 3 ? '1 3' : '1 2';
}
