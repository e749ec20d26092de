import { normaliseAnswer, typoDistance, Vocabulary } from './text-match';

describe('text matching', () => {
  it.each<[string, string, number]>([
    ['coffee', 'coffee', 0],
    ['cofee', 'coffee', 1],
    ['cofefe', 'coffee', 1],
    ['hikking', 'hiking', 1],
    ['climbign', 'climbing', 1],
    ['borad', 'board', 1],
    ['abc', 'xyz', 3],
  ])('typo distance %s / %s = %i', (a, b, d) => {
    expect(typoDistance(a, b, 5)).toBe(d);
    expect(typoDistance(b, a, 5)).toBe(d);
  });

  it('gives up past the allowed distance', () => {
    expect(typoDistance('abcdefgh', 'zyxwvuts', 1)).toBe(2);
    expect(typoDistance('a', 'abcdef', 2)).toBe(3);
  });

  it('normalises case, accents, punctuation, keycaps and emoji', () => {
    const n = normaliseAnswer('  Café, 2\uFE0F\u20E3 & Board-Games!! \u{1F44D}\u{1F3FD} 3rd ');
    expect(n.tokens).toEqual(['cafe', 'and', '2', 'and', 'board', 'games', '3']);
    expect(n.emoji).toEqual(['\u{1F44D}']);
    expect(normaliseAnswer('1-3, 5 to 6').ranges).toEqual([[1, 3], [5, 6]]);
    expect(normaliseAnswer('').tokens).toEqual([]);
  });

  it('resolves words exactly, by plural, or by one nearest typo', () => {
    const v = new Vocabulary(['hiking', 'biking', 'coffee', 'run', 'games']);
    expect(v.resolve('hiking')).toEqual({ word: 'hiking', exact: true });
    expect(v.resolve('coffees')).toEqual({ word: 'coffee', exact: true });
    expect(v.resolve('game')).toEqual({ word: 'games', exact: true });
    expect(v.resolve('cofee')).toEqual({ word: 'coffee', exact: false });
    // "hikng" is one typo from hiking and two from biking; "iking" is one from both: no guess.
    expect(v.resolve('hikng')).toEqual({ word: 'hiking', exact: false });
    expect(v.resolve('iking')).toBeNull();
    // Short words are never matched through typos.
    expect(v.resolve('fun')).toBeNull();
    expect(v.resolve('rum')).toBeNull();
  });
});
