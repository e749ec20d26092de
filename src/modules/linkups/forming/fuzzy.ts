import { typoAllowanceFor, typoDistance } from '../../../common/text';

// Typo tolerance for SMS words: the shared optimal string alignment distance (src/common/text), under
// the names the brief parser uses.
export function editDistance(a: string, b: string, max = Infinity): number {
  return typoDistance(a, b, max);
}

// How many typos a word of this length may carry and still be recognised. Short words must be
// exact: "like" is one letter from "hike", "fun" one from "run".
export const typoBudget = typoAllowanceFor;

// Everyday words that sit one typo away from a keyword and must never be read as one.
export const NEVER_FUZZY = new Set([
  'about', 'after', 'again', 'anyone', 'around', 'could', 'doing', 'going', 'gonna', 'great', 'hello', 'maybe',
  'might', 'other', 'others', 'people', 'please', 'really', 'should', 'something', 'sounds', 'thanks', 'there',
  'these', 'thing', 'things', 'think', 'those', 'would', 'wanna', 'where', 'which', 'while', 'liked', 'likes',
  'month', 'house', 'place', 'plans', 'start', 'world', 'water', 'whats', 'young', 'mostly', 'still',
]);
