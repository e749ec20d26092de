// Typo tolerance for SMS words: optimal string alignment distance (insertions, deletions,
// substitutions and adjacent transpositions each cost 1).
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2][j - 2] + 1);
      rows[i][j] = v;
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
  }
  return rows[a.length][b.length];
}

// How many typos a word of this length may carry and still be recognised. Short words must be
// exact: "like" is one letter from "hike", "fun" one from "run".
export function typoBudget(length: number): number {
  if (length >= 8) return 2;
  if (length >= 5) return 1;
  return 0;
}

// Everyday words that sit one typo away from a keyword and must never be read as one.
export const NEVER_FUZZY = new Set([
  'about', 'after', 'again', 'anyone', 'around', 'could', 'doing', 'going', 'gonna', 'great', 'hello', 'maybe',
  'might', 'other', 'others', 'people', 'please', 'really', 'should', 'something', 'sounds', 'thanks', 'there',
  'these', 'thing', 'things', 'think', 'those', 'would', 'wanna', 'where', 'which', 'while', 'liked', 'likes',
  'month', 'house', 'place', 'plans', 'start', 'world', 'water', 'whats', 'young', 'mostly', 'still',
]);
