// Text normalisation and typo-tolerant word matching for SMS answers. Pure functions, shared by
// the interview (profile), LinkUp briefs (linkups) and report severity (safety).

// Twilio's limit for one inbound message (10 segments); anything longer is ignored past this.
export const MAX_ANSWER_CHARS = 1600;

export interface NormalisedAnswer {
  // Lower case a-z0-9 words, diacritics and punctuation removed; "," ";" "&" "+" "/" become "and".
  tokens: string[];
  text: string;
  // The raw text lower-cased (bounded), for step matchers that need punctuation ("2.5 km").
  lower: string;
  // Emoji found (variation selectors and skin tones removed).
  emoji: string[];
  // "1-3", "2 to 4": numeric ranges as written.
  ranges: Array<[number, number]>;
}

const KEYCAP_RE = /([0-9])\uFE0F?\u20E3/gu;
const PICTO_RE = /\p{Extended_Pictographic}/gu;
const EMOJI_NOISE_RE = /[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\uFE0F\u200D\u20E3]/gu;
const RANGE_RE = /(\d{1,2})\s*(?:-|\u2013|\u2014|to|thru|through)\s*(\d{1,2})(?![\d.])/g;

export function normaliseAnswer(raw: string): NormalisedAnswer {
  let s = (raw ?? '').slice(0, MAX_ANSWER_CHARS);
  s = s.replace(KEYCAP_RE, ' $1 ').replace(/\u{1F51F}/gu, ' 10 ');
  const emoji = [...s.matchAll(PICTO_RE)].map((m) => m[0]);
  s = s.replace(EMOJI_NOISE_RE, ' ');
  const lower = s.toLowerCase();
  const ranges: Array<[number, number]> = [...lower.matchAll(RANGE_RE)].map((m) => [Number(m[1]), Number(m[2])]);
  const words = lower
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['\u2019`]/g, '')
    .replace(/[,;&+/]/g, ' and ')
    .replace(/\b(\d+)(?:st|nd|rd|th)\b/g, '$1')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  const tokens = words ? words.split(' ') : [];
  return { tokens, text: tokens.join(' '), lower, emoji, ranges };
}

// Optimal string alignment distance (Damerau-Levenshtein without substring moves),
// giving up early once it exceeds `max`.
const ROW_A = new Int32Array(64);
const ROW_B = new Int32Array(64);
const ROW_C = new Int32Array(64);

// Long words are never keywords; they only need an answer, not speed.
function slowDistance(a: string, b: string, max: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return Math.min(prev[b.length], max + 1);
}

export function typoDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  if (n + 1 > ROW_A.length) return Math.abs(a.length - b.length) > max ? max + 1 : slowDistance(a, b, max);
  // Three rolling rows (two back for transpositions), reused across calls.
  let twoBack = ROW_A;
  let prev = ROW_B;
  let cur = ROW_C;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      // Plain comparisons, not Math.min: this is the hot loop of typo matching.
      let d = prev[j - 1] + (ai === bj ? 0 : 1);
      if (prev[j] + 1 < d) d = prev[j] + 1;
      if (cur[j - 1] + 1 < d) d = cur[j - 1] + 1;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj && twoBack[j - 2] + 1 < d) {
        d = twoBack[j - 2] + 1;
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const recycled = twoBack;
    twoBack = prev;
    prev = cur;
    cur = recycled;
  }
  return prev[n];
}

// How many typos a known word tolerates: none for short words ("run" must not match "fun").
export function typoAllowance(word: string): number {
  return typoAllowanceFor(word.length);
}

export function typoAllowanceFor(length: number): number {
  if (length >= 8) return 2;
  if (length >= 5) return 1;
  return 0;
}

export interface ResolvedWord {
  word: string;
  exact: boolean;
}

// The words a step understands. A token resolves to a known word exactly (also singular/plural),
// else to the single nearest known word within its typo allowance; ties resolve to nothing.
export class Vocabulary {
  private readonly index = new Map<string, string>();
  private readonly words: string[];
  private readonly bags: Int8Array[];

  constructor(words: Iterable<string>) {
    const canonical = [...new Set(words)];
    for (const w of canonical) this.index.set(w, w);
    for (const w of canonical) {
      for (const v of [`${w}s`, w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : '']) {
        if (v && !this.index.has(v)) this.index.set(v, w);
      }
    }
    // Plurals of known words are left out of typo matching so "concrts" is not a concert/concerts tie.
    const set = new Set(canonical);
    this.words = canonical.filter(
      (w) => typoAllowance(w) > 0 && /^[a-z]+$/.test(w) && !(w.endsWith('s') && set.has(w.slice(0, -1))),
    );
    this.bags = this.words.map(letterBag);
  }

  // Typo lookups are remembered (bounded): long messages repeat words.
  private readonly memo = new Map<string, ResolvedWord | null>();

  resolve(token: string): ResolvedWord | null {
    const known = this.index.get(token);
    if (known) return { word: known, exact: true };
    if (!/^[a-z]+$/.test(token) || token.length < 4) return null;
    if (this.memo.has(token)) return this.memo.get(token)!;
    if (this.memo.size >= 2000) this.memo.clear();
    const found = this.nearest(token);
    this.memo.set(token, found);
    return found;
  }

  private nearest(token: string): ResolvedWord | null {
    let best: string | null = null;
    let bestDistance = Infinity;
    let tie = false;
    const singular = token.endsWith('s') ? token.slice(0, -1) : token;
    const bag = letterBag(token);
    for (let k = 0; k < this.words.length; k++) {
      const w = this.words[k];
      const allowance = typoAllowance(w);
      // Cheap lower bound first: each edit changes the letter counts by at most 2 (+1 for the plural s).
      if (bagDifference(bag, this.bags[k]) > 2 * allowance + 1) continue;
      const d = Math.min(typoDistance(token, w, allowance), typoDistance(singular, w, allowance));
      if (d > allowance) continue;
      if (d < bestDistance) {
        best = w;
        bestDistance = d;
        tie = false;
      } else if (d === bestDistance) {
        tie = true;
      }
    }
    return best && !tie ? { word: best, exact: false } : null;
  }
}

// Splits phrases ("board games") into words for a Vocabulary.
export function phraseWords(phrases: Iterable<string>): string[] {
  const out: string[] = [];
  for (const p of phrases) out.push(...p.split(' ').filter(Boolean));
  return out;
}

function letterBag(word: string): Int8Array {
  const bag = new Int8Array(26);
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i) - 97;
    if (c >= 0 && c < 26 && bag[c] < 127) bag[c]++;
  }
  return bag;
}

function bagDifference(a: Int8Array, b: Int8Array): number {
  let d = 0;
  for (let i = 0; i < 26; i++) d += a[i] > b[i] ? a[i] - b[i] : b[i] - a[i];
  return d;
}
