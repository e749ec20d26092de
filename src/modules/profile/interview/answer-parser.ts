import { normaliseAnswer, phraseWords, typoDistance, Vocabulary, type NormalisedAnswer } from '../../../common/text';

export interface AnswerOption {
  key: string;
  label: string;
  // Numbered in the question (listed options come first, numbered 1..n in order).
  listed: boolean;
  // Lower-case words or phrases that pick this option anywhere in the answer.
  keywords: readonly string[];
  // Whole-answer phrases ("no", "2 3"): checked before anything else.
  exact?: readonly string[];
  emoji?: readonly string[];
  // "None of these": dropped when other options are picked too.
  exclusive?: boolean;
}

export interface StepMatch {
  keys: string[];
  // The step understood the numbers itself ("3 miles"): they are not option numbers.
  consumesNumbers?: boolean;
}

export interface AnswerSpec {
  options: readonly AnswerOption[];
  multi: boolean;
  // "not hiking" drops hiking (activities, times). Off where a negation is the answer ("no bars").
  negatable?: boolean;
  // "all", "any", "everything" picks every listed option (not where it would be absurd, like boundaries).
  allowAll?: boolean;
  // Step-specific understanding of free text (time windows, distances).
  match?: (answer: NormalisedAnswer) => StepMatch;
}

export type UnrecognisedReason = 'no_match' | 'out_of_range' | 'ambiguous';

export type ParsedAnswer =
  | { kind: 'choice'; keys: string[] }
  | { kind: 'skip' }
  | { kind: 'pause' }
  | { kind: 'repeat' }
  | { kind: 'empty' }
  | { kind: 'unrecognised'; reason: UnrecognisedReason };

const SKIP_PHRASES = new Set([
  'skip', 'pass', 'next', 'idk', 'i dont know', 'dont know', 'dunno', 'no idea', 'not sure', 'skip it',
  'skip this', 'skip this one', 'skip that', 'skip please', 'please skip', 'pls skip', 'skip pls', 'no comment',
  'next question', 'pass please',
]);
const PAUSE_PHRASES = new Set(['later', 'not now', 'pause', 'done', 'enough', 'im done', 'done for now', 'ask me later', 'maybe later']);
const REPEAT_PHRASES = new Set(['repeat', 'again', 'what', 'huh', 'question', 'the question', 'what was the question', 'profile']);
const ALL_PHRASES = new Set(['all', 'all of them', 'all of the above', 'everything', 'any', 'any of them', 'all the above', 'all of it']);
const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7,
};
// Words that may surround numbers in a numeric answer ("option 2 and 4 please").
const FILLERS = new Set([
  'and', 'or', 'option', 'options', 'number', 'numbers', 'num', 'no', 'nr', 'the', 'i', 'id', 'say', 'pick', 'choose',
  'go', 'with', 'please', 'pls', 'plz', 'ok', 'okay', 'hmm', 'maybe', 'probably', 'prob', 'definitely', 'def', 'its',
  'it', 'is', 'both', 'like', 'want', 'love', 'also', 'too', 'answer', 'me', 'for', 'yes', 'yeah', 'yep', 'sure',
]);
const NEGATORS = new Set(['no', 'not', 'never', 'hate', 'dont', 'nope', 'without', 'except', 'but', 'avoid', 'dislike', 'nothing']);

// Parses one SMS answer to a step: numbers ("2", "1 4", "1,4", "1-3", keycap emoji, "two"),
// keywords and phrases with typos, emoji, "all", "skip"/"later"/"repeat". Never throws.
export function parseAnswer(raw: string, spec: AnswerSpec): ParsedAnswer {
  const answer = normaliseAnswer(raw);
  const { tokens, text } = answer;
  if (tokens.length === 0 && answer.emoji.length === 0) return { kind: 'empty' };
  const control = controlWord(tokens, text);
  if (control) return { kind: control };

  const exact = spec.options.find((o) => o.exact?.includes(text));
  if (exact) return { kind: 'choice', keys: [exact.key] };

  const listed = spec.options.filter((o) => o.listed);
  const stepMatch = spec.match?.(answer) ?? { keys: [] };
  const numbers = stepMatch.consumesNumbers ? { picks: [], invalid: 0 } : numericPicks(answer, listed.length, spec.multi);
  const numericKeys = numbers.picks.map((n) => listed[n - 1].key);
  const everything = spec.multi && spec.allowAll && ALL_PHRASES.has(text) ? listed.filter((o) => !o.exclusive).map((o) => o.key) : [];
  const scored = keywordScores(answer, spec);
  for (const key of stepMatch.keys) scored.set(key, (scored.get(key) ?? 0) + 2);

  if (spec.multi) {
    let keys = unique([...numericKeys, ...everything, ...orderByOptions(spec, [...scored.keys()])]);
    if (keys.length > 1) keys = keys.filter((k) => !spec.options.find((o) => o.key === k)?.exclusive);
    if (keys.length) return { kind: 'choice', keys: orderByOptions(spec, keys) };
    return { kind: 'unrecognised', reason: numbers.invalid ? 'out_of_range' : 'no_match' };
  }
  const distinctNumeric = unique(numericKeys);
  if (distinctNumeric.length === 1) return { kind: 'choice', keys: distinctNumeric };
  if (distinctNumeric.length > 1) return { kind: 'unrecognised', reason: 'ambiguous' };
  if (scored.size === 0) return { kind: 'unrecognised', reason: numbers.invalid ? 'out_of_range' : 'no_match' };
  const ranked = [...scored.entries()].sort((a, b) => b[1] - a[1]);
  if (ranked.length > 1 && ranked[0][1] === ranked[1][1]) return { kind: 'unrecognised', reason: 'ambiguous' };
  return { kind: 'choice', keys: [ranked[0][0]] };
}

function controlWord(tokens: string[], text: string): 'skip' | 'pause' | 'repeat' | null {
  if (SKIP_PHRASES.has(text)) return 'skip';
  if (PAUSE_PHRASES.has(text)) return 'pause';
  if (REPEAT_PHRASES.has(text)) return 'repeat';
  // A short message built around a misspelt "skip" ("skp", "sikp pls").
  if (tokens.length <= 3 && !tokens.some((t) => /\d/.test(t))) {
    if (tokens.some((t) => (t.length >= 4 || t === 'skp') && t.startsWith('s') && typoDistance(t, 'skip', 1) <= 1)) return 'skip';
  }
  return null;
}

interface NumericPicks {
  picks: number[];
  invalid: number;
}

function numericPicks(answer: NormalisedAnswer, listedCount: number, multi: boolean): NumericPicks {
  const { tokens } = answer;
  const numericOnly = tokens.every((t) => /^\d+$/.test(t) || t in NUMBER_WORDS || FILLERS.has(t));
  const values: number[] = [];
  for (const t of tokens) {
    if (/^\d+$/.test(t)) values.push(...splitRun(t, listedCount, multi));
    else if (numericOnly && t in NUMBER_WORDS) values.push(NUMBER_WORDS[t]);
  }
  if (multi) {
    for (const [lo, hi] of answer.ranges) {
      if (lo < hi && hi <= listedCount && lo >= 1) for (let n = lo; n <= hi; n++) values.push(n);
    }
  }
  const picks = unique(values.filter((n) => n >= 1 && n <= listedCount));
  return { picks, invalid: values.filter((n) => n < 1 || n > listedCount).length };
}

// "147" means 1, 4 and 7 when no option number has two digits.
function splitRun(token: string, listedCount: number, multi: boolean): number[] {
  const n = Number(token);
  if (!multi || token.length < 2 || listedCount > 9 || n <= listedCount) return [n];
  const digits = [...token].map(Number);
  const valid = digits.every((d) => d >= 1 && d <= listedCount) && new Set(digits).size === digits.length;
  return valid ? digits : [n];
}

// Score per option: 2 for each keyword matched as written, 1 for one matched through a typo.
function keywordScores(answer: NormalisedAnswer, spec: AnswerSpec): Map<string, number> {
  const vocabulary = vocabularyFor(spec);
  const resolved = answer.tokens.map((t) => vocabulary.resolve(t));
  const scores = new Map<string, number>();
  for (const option of spec.options) {
    let score = 0;
    for (const keyword of option.keywords) score += phraseScore(keyword.split(' '), resolved, answer.tokens, spec.negatable);
    for (const e of option.emoji ?? []) if (answer.emoji.includes(e)) score += 2;
    if (score > 0) scores.set(option.key, score);
  }
  return scores;
}

function phraseScore(
  words: string[],
  resolved: Array<{ word: string; exact: boolean } | null>,
  tokens: string[],
  negatable = false,
): number {
  let best = 0;
  for (let i = 0; i + words.length <= resolved.length; i++) {
    let exact = true;
    let ok = true;
    for (let j = 0; j < words.length && ok; j++) {
      const r = resolved[i + j];
      if (!r || r.word !== words[j]) ok = false;
      else if (!r.exact) exact = false;
    }
    if (!ok) continue;
    if (negatable && tokens.slice(Math.max(0, i - 3), i).some((t) => NEGATORS.has(t))) continue;
    best = Math.max(best, exact ? 2 : 1);
  }
  return best;
}

const vocabularies = new WeakMap<AnswerSpec, Vocabulary>();

function vocabularyFor(spec: AnswerSpec): Vocabulary {
  let v = vocabularies.get(spec);
  if (!v) {
    v = new Vocabulary(phraseWords(spec.options.flatMap((o) => o.keywords)));
    vocabularies.set(spec, v);
  }
  return v;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function orderByOptions(spec: AnswerSpec, keys: string[]): string[] {
  const order = spec.options.map((o) => o.key);
  return [...keys].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
