// Reads an SMS answer to the numbered list ("Reply with the numbers ..., e.g. 1 3, or NONE").

export type NumberedAnswer = { kind: 'none' } | { kind: 'numbers'; numbers: number[] } | { kind: 'unknown' };

const NONE = new Set(['none', 'no', 'nobody', 'no one', 'noone', 'none of them', 'no thanks', 'nope', 'nah', '0', 'zero']);

// `1 3`, `1,3`, `1, 3`, `1 and 3`, `1 & 3`, `#1 #3`, `13` (each digit, when there are fewer than ten
// people), `none`. Numbers are returned as written (deduplicated, ascending): the caller checks
// them against the list, so `7` of three comes back as 7 and is asked again.
export function parseNumberedAnswer(text: string, count: number): NumberedAnswer {
  const t = text.toLowerCase().replace(/[\u2018\u2019'.!]/g, '').replace(/\s+/g, ' ').trim();
  if (NONE.has(t)) return { kind: 'none' };
  const tokens = t.replace(/\b(and|also|plus)\b|[,;&+/#]/g, ' ').split(' ').filter(Boolean);
  if (tokens.length === 0 || !tokens.every((x) => /^\d{1,3}$/.test(x))) return { kind: 'unknown' };
  const numbers: number[] = [];
  for (const token of tokens) {
    const n = Number(token);
    // "13" with three people: 1 and 3 (phones drop the space; nobody has 13 people to choose from).
    if (token.length > 1 && n > count && count < 10) numbers.push(...[...token].map(Number));
    else numbers.push(n);
  }
  return { kind: 'numbers', numbers: [...new Set(numbers)].sort((a, b) => a - b) };
}

// True when every number names someone on the list (1..count).
export function allInRange(numbers: number[], count: number): boolean {
  return numbers.length > 0 && numbers.every((n) => Number.isInteger(n) && n >= 1 && n <= count);
}
