import { normaliseAnswer, typoDistance } from './text-match';

// YES / NO as members actually type them: "yep", "sure", "nah", "can't", thumbs, a typo ("yse",
// "yess"), the same word twice ("yes yes"). Shared by LinkUp invites and confirmations and the
// router's "leave this flow?" question. Conservative: a sentence is not an answer ("yes but later"
// is neither), because an answer decides a place in a group.

export type YesNo = 'yes' | 'no';

const YES_PHRASES = new Set([
  'yes', 'y', 'ya', 'yah', 'yea', 'yeah', 'yeh', 'yep', 'yup', 'yas', 'ye', 'aye', 'sure', 'ok', 'okay', 'okey', 'k', 'kk',
  'absolutely', 'definitely', 'of course', 'ofc', 'for sure', 'totally', 'sounds good', 'lets do it', 'lets go', 'why not',
  'yes please', 'sure thing', 'alright', 'all right', 'yessir', 'affirmative',
]);
// Words that may be strung together ("yes sure", "ok yes", "yeah ok"): every word must be one.
const YES_WORDS = new Set(['yes', 'y', 'yeah', 'yep', 'yup', 'ya', 'yea', 'sure', 'ok', 'okay', 'please', 'absolutely', 'definitely']);
const NO_PHRASES = new Set([
  'no', 'n', 'nope', 'nah', 'naw', 'nay', 'no thanks', 'no thank you', 'not this time', 'not today', 'cant', 'cannot', 'i cant',
  'no can do', 'not for me', 'no way', 'negative', 'nope sorry', 'no sorry', 'sorry no', 'nah thanks', 'nah im good',
]);
const REAL_WORDS = new Set(['yet', 'yew', 'yen', 'yea']);
const NO_WORDS = new Set(['no', 'n', 'nope', 'nah', 'thanks', 'sorry']);

// Thumbs up, OK hand, check marks, raised hands, 100 / thumbs down, crosses, no-entry, "no" gesture.
const YES_EMOJI = new Set(['\u{1F44D}', '\u{1F44C}', '\u2705', '\u2714', '\u{1F64C}', '\u{1F4AF}', '\u{1F64B}']);
const NO_EMOJI = new Set(['\u{1F44E}', '\u274C', '\u2716', '\u{1F6AB}', '\u{1F645}', '\u26D4']);

// "yesss" -> "yes", "nooo" -> "no", "yeahhh" -> "yeah": a letter held down is one letter. A letter
// typed just twice is one only in "yess" and "noo" (words do double letters: "all", "sorry", "good").
function squeeze(token: string): string {
  const held = token.replace(/([a-z])\1{2,}/g, '$1');
  return held === 'yess' ? 'yes' : held === 'noo' ? 'no' : held;
}

export function parseYesNo(raw: string): YesNo | null {
  // Stryker disable next-line StringLiteral: equivalent, any other text for a missing one is no answer either
  const { tokens, emoji } = normaliseAnswer((raw ?? '').slice(0, 200));
  const words = tokens.map(squeeze);
  if (words.length === 0) return emojiAnswer(emoji);
  const text = words.join(' ');
  const answer = phraseAnswer(text, words);
  // Words and emoji must agree ("yes 👎" is neither; emoji that are no answer, "yes 😀", make none).
  const fromEmoji = emoji.length ? emojiAnswer(emoji) : answer;
  return fromEmoji === answer ? answer : null;
}

function phraseAnswer(text: string, words: string[]): YesNo | null {
  if (YES_PHRASES.has(text) || words.every((w) => YES_WORDS.has(w))) return 'yes';
  if (NO_PHRASES.has(text) || (words[0] !== 'thanks' && words[0] !== 'sorry' && words.every((w) => NO_WORDS.has(w)))) return 'no';
  // One misspelt word ("yse", "yez", "yrs"), never a word of its own ("yet", "yew" are not yes).
  const [only] = words;
  if (words.length === 1 && only.length === 3 && only.startsWith('y') && !REAL_WORDS.has(only) && typoDistance(only, 'yes', 1) <= 1) return 'yes';
  if (words.length === 1 && (only === 'noe' || only === 'nop')) return 'no';
  return null;
}

function emojiAnswer(emoji: string[]): YesNo | null {
  if (emoji.length === 0) return null;
  if (emoji.every((e) => YES_EMOJI.has(e))) return 'yes';
  if (emoji.every((e) => NO_EMOJI.has(e))) return 'no';
  return null;
}
