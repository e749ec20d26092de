// What a member's SMS means in a LinkUp context. Exact words only: a reply decides a place in a
// group, so anything unclear is asked again rather than guessed.

export type InviteReply = 'accept' | 'decline' | 'cancel' | 'unknown';
export type Confirmation = 'yes' | 'no' | 'unknown';
export type OutcomeReply = { attended: boolean; doAgain: boolean | null } | undefined;

const ACCEPT = new Set(['yes', 'y', 'in', '1', 'yeah', 'yep', 'yup', 'sure', 'im in', 'count me in', 'ok', 'okay', 'yes please']);
const DECLINE = new Set(['no', 'n', 'pass', '2', 'nope', 'no thanks', 'not this time', 'cant', 'cannot', 'i cant', 'nah']);
const CANCEL = new Set(['cancel', 'drop', 'cancel linkup', 'cancel my spot', 'i cant make it', 'cant make it', 'drop out', 'leave']);

export function normaliseReply(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019']/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseInviteReply(text: string): InviteReply {
  const t = normaliseReply(text);
  if (ACCEPT.has(t)) return 'accept';
  if (DECLINE.has(t)) return 'decline';
  if (CANCEL.has(t)) return 'cancel';
  return 'unknown';
}

export function parseConfirmation(text: string): Confirmation {
  const t = normaliseReply(text);
  if (ACCEPT.has(t) || t === 'confirm' || t === 'send' || t === 'go') return 'yes';
  if (DECLINE.has(t) || t === 'cancel' || t === 'stop it' || t === 'nevermind' || t === 'never mind') return 'no';
  return 'unknown';
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
