import { parseYesNo } from './yes-no';

describe('parseYesNo', () => {
  it.each([
    'YES', 'yes', 'Yes!', 'y', 'yep', 'Yup.', 'yeah', 'sure', 'ok', 'okay', 'yesss', 'yes yes', 'yes please', 'ok sure',
    'yse', 'yez', 'absolutely', 'sounds good', "let's do it", '\u{1F44D}', '\u{1F44D}\u{1F3FD}', '\u{1F44D}\u{1F44D}', 'yes \u{1F44D}',
    '\u2705', '\u2714\uFE0F',
    'yess', 'yeees', 'yeahhh', 'suuure', 'okkk', 'ok yes', 'yrs', 'ye', 'yea', '\u{1F44D} yes', 'sure thing', 'yessir',
  ])('%j is yes', (text) => {
    expect(parseYesNo(text)).toBe('yes');
  });

  it.each([
    'NO', 'no', 'n', 'nope', 'nah', 'Nah.', 'nooo', 'no thanks', "can't", 'cant', 'cannot', 'i cant', 'not this time',
    'no no', '\u{1F44E}', '\u274C', 'no \u{1F44E}', 'nah im good',
    'noo', 'nope nope', 'n n', 'no sorry', 'sorry no', 'nah thanks', 'noe', 'nop', '\u{1F44E}\u274C',
  ])('%j is no', (text) => {
    expect(parseYesNo(text)).toBe('no');
  });

  it.each([
    '', 'maybe', 'yes but later', 'yes \u{1F44E}', '\u{1F600}', 'eys', 'yet', 'now', 'thanks', 'sorry', "can't make it", 'not sure',
    'yes no', 'hike sunday', 'A', '1',
    'ys', 'yest', 'you', 'yak', 'yew', 'yen', 'ues', 'yeses', 'noe noe', 'nop nop', 'thanks no', 'sorry nope', 'yes sure maybe',
    'noop', 'nooe', 'yepp', 'ayess', 'anoo', 'yesss no', 'yes noo \u{1F44D}', 'no \u{1F600}', 'maybe \u{1F600}',
    '\u{1F44D}\u{1F44E}', '\u{1F44E}\u{1F44D}', 'yes \u{1F600}', 'no \u{1F44D}', '\u{1F44D}\u{1F600}', '\u{1F44E}\u{1F600}',
  ])('%j is neither', (text) => {
    expect(parseYesNo(text)).toBeNull();
  });
});

describe('parseYesNo on long or missing input', () => {
  it('reads only the first 200 characters', () => {
    expect(parseYesNo(`yes${' '.repeat(300)}no`)).toBe('yes');
    expect(parseYesNo(`yes${' '.repeat(100)}no`)).toBeNull();
  });

  it('takes a missing text as no answer', () => {
    expect(parseYesNo(undefined as unknown as string)).toBeNull();
  });
});
