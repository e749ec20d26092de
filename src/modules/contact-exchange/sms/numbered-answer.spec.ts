import { allInRange, parseNumberedAnswer } from './numbered-answer';

describe('parseNumberedAnswer', () => {
  it.each([
    ['1 3', 3, { kind: 'numbers', numbers: [1, 3] }],
    ['1,3', 3, { kind: 'numbers', numbers: [1, 3] }],
    ['1, 3', 3, { kind: 'numbers', numbers: [1, 3] }],
    ['1 and 3', 3, { kind: 'numbers', numbers: [1, 3] }],
    ['3 & 1', 3, { kind: 'numbers', numbers: [1, 3] }],
    ['#2', 3, { kind: 'numbers', numbers: [2] }],
    ['2 2', 3, { kind: 'numbers', numbers: [2] }],
    ['13', 3, { kind: 'numbers', numbers: [1, 3] }],
    ['7', 3, { kind: 'numbers', numbers: [7] }],
    ['none', 3, { kind: 'none' }],
    ['NONE', 3, { kind: 'none' }],
    ['No one.', 3, { kind: 'none' }],
    ['0', 3, { kind: 'none' }],
    ['sure, the first one', 3, { kind: 'unknown' }],
    ['yes', 3, { kind: 'unknown' }],
    ['', 3, { kind: 'unknown' }],
    ['1 3 please', 3, { kind: 'unknown' }],
  ])('%p with %p people -> %p', (text, count, expected) => {
    expect(parseNumberedAnswer(text, count)).toEqual(expected);
  });

  it('checks the numbers against the list', () => {
    expect(allInRange([1, 3], 3)).toBe(true);
    expect(allInRange([1, 7], 3)).toBe(false);
    expect(allInRange([], 3)).toBe(false);
  });
});
