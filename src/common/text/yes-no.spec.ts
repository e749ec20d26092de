import { parseYesNo } from './yes-no';

describe('parseYesNo', () => {
  it.each([
    'YES', 'yes', 'Yes!', 'y', 'yep', 'Yup.', 'yeah', 'sure', 'ok', 'okay', 'yesss', 'yes yes', 'yes please', 'ok sure',
    'yse', 'yez', 'absolutely', 'sounds good', "let's do it", '\u{1F44D}', '\u{1F44D}\u{1F3FD}', '\u{1F44D}\u{1F44D}', 'yes \u{1F44D}',
    '\u2705', '\u2714\uFE0F',
  ])('%j is yes', (text) => {
    expect(parseYesNo(text)).toBe('yes');
  });

  it.each([
    'NO', 'no', 'n', 'nope', 'nah', 'Nah.', 'nooo', 'no thanks', "can't", 'cant', 'cannot', 'i cant', 'not this time',
    'no no', '\u{1F44E}', '\u274C', 'no \u{1F44E}', 'nah im good',
  ])('%j is no', (text) => {
    expect(parseYesNo(text)).toBe('no');
  });

  it.each([
    '', 'maybe', 'yes but later', 'yes \u{1F44E}', '\u{1F600}', 'eys', 'yet', 'now', 'thanks', 'sorry', "can't make it", 'not sure',
    'yes no', 'hike sunday', 'A', '1',
  ])('%j is neither', (text) => {
    expect(parseYesNo(text)).toBeNull();
  });
});
