import { parseYesNo } from '../../../common/text';

// What a member's SMS means in a LinkUp context. Exact words only: a reply decides a place in a
// group, so anything unclear is asked again rather than guessed.

export type InviteReply = 'accept' | 'decline' | 'cancel' | 'unknown';
export type Confirmation = 'yes' | 'no' | 'unknown';
export type OutcomeReply = { attended: boolean; doAgain: boolean | null } | undefined;

// Invite answers beyond a plain YES/NO (those, with their typos and emoji, are the shared parseYesNo).
const ACCEPT = new Set(['in', '1', 'im in', 'i m in', 'count me in', 'yes im in', 'yes count me in', 'im down', 'down', 'ill be there', 'ill come', 'join']);
// "can't make it" to an open invite passes on it; with no invite open it is the cancel flow
// (isCancelRequest), and DROP is the cancel word (the router's keyword interceptor).
export const CANT_MAKE_IT = new Set([
  'cant make it', 'i cant make it', 'cannot make it', 'i cannot make it', 'can not make it', 'i can not make it', 'cant go', 'cant come',
  'i cant go', 'i cant come', 'wont make it', 'i wont make it',
]);
const DECLINE = new Set(['pass', '2', 'i pass', 'ill pass', 'not interested', 'im busy', 'busy', ...CANT_MAKE_IT]);
const CANCEL = new Set(['cancel', 'drop', 'cancel linkup', 'cancel my spot', 'drop out', 'leave']);

export function normaliseReply(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019']/g, '')
    // Every run of anything but a-z and 0-9 (spaces, punctuation, emoji) is one space.
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function parseInviteReply(text: string): InviteReply {
  const t = normaliseReply(text);
  if (ACCEPT.has(t)) return 'accept';
  if (DECLINE.has(t)) return 'decline';
  if (CANCEL.has(t)) return 'cancel';
  const yesNo = parseYesNo(text);
  if (yesNo) return yesNo === 'yes' ? 'accept' : 'decline';
  return 'unknown';
}

// An invite that offers options (offered_options) is answered by a letter: "B", "b)", "option b".
export function parseOptionLetter(text: string, keys: readonly string[]): string | null {
  const m = /^(?:option |opt )?([a-z])(?: please| pls)?$/.exec(normaliseReply(text));
  const letter = m?.[1].toUpperCase();
  return letter && keys.includes(letter) ? letter : null;
}

export function parseConfirmation(text: string): Confirmation {
  const t = normaliseReply(text);
  if (t === 'confirm' || t === 'send' || t === 'go' || t === 'send it' || t === 'send invites') return 'yes';
  if (t === 'cancel' || t === 'stop it' || t === 'nevermind' || t === 'never mind') return 'no';
  return parseYesNo(text) ?? 'unknown';
}

// The outcome check offers A = went and would again, B = went but not again, C = could not make it.
// Letters keep it apart from YES/NO, which always belong to a pending invite.
export function parseOutcomeReply(text: string): OutcomeReply {
  const t = normaliseReply(text);
  if (t === 'a' || t === 'went again' || t === 'went and would again') return { attended: true, doAgain: true };
  if (t === 'b' || t === 'went not again' || t === 'went') return { attended: true, doAgain: t === 'went' ? null : false };
  if (t === 'c' || t === 'missed' || t === 'didnt go' || t === 'did not go' || t === 'couldnt make it' || t === 'no show') {
    return { attended: false, doAgain: null };
  }
  return undefined;
}
