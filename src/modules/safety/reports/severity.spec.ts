import { SafetySettings } from '../core/safety.settings';
import { isEnglishWord, SeverityMatcher } from './severity';

describe('SeverityMatcher', () => {
  const matcher = new SeverityMatcher(new SafetySettings().severeKeywords());

  it.each<[string, string[]]>([
    ['He threatened me after coffee', ['threatened']],
    ['I felt UNSAFE the whole time', ['unsafe']],
    ['someone followed me home', ['followed']],
    ['he had a gun', ['gun']],
    ['there were threats', ['threat']],
    // typos
    ['he made a thret', ['threat']],
    ['i felt unsfe', ['unsafe']],
    ['he folowed me to my car', ['followed']],
    ['it was an asault', ['assault']],
    ['he stalkd me', ['stalked']],
    ['weapn in his bag', ['weapon']],
  ])('%s is severe', (text, expected) => {
    expect(matcher.match(text)).toEqual(expected);
  });

  it.each([
    'we talked a lot and it was fine',
    'he kept interrupting, rude',
    "let's treat ourselves next time",
    'she got attached too fast',
    'he was not allowed in the cafe',
    'rapid fire questions, annoying',
    'he dragged on about his job',
    'no show, never came',
    '',
    '😡😡😡',
  ])('%j is not severe', (text) => {
    expect(matcher.match(text)).toEqual([]);
  });

  it('short keywords never take typos ("gum" is not "gun")', () => {
    expect(matcher.match('he offered me gum')).toEqual([]);
  });

  it('matches configured phrases word by word, typos included', () => {
    const m = new SeverityMatcher(['followed me home', 'knife'], (w) => w === 'folowed');
    expect(m.match('he folowed me home last night')).toEqual([]); // "folowed" declared a real word here
    expect(new SeverityMatcher(['followed me home'], () => false).match('he folowed me home')).toEqual(['followed me home']);
    expect(new SeverityMatcher(['followed me home'], () => false).match('he followed me to the bus')).toEqual([]);
  });

  it('looks words up in the English word list', () => {
    expect(isEnglishWord('talked')).toBe(true);
    expect(isEnglishWord('attached')).toBe(true);
    expect(isEnglishWord('stalkd')).toBe(false);
    expect(isEnglishWord('tal')).toBe(false); // whole lines only, not prefixes
  });

  it('never reads a real English word as a typo of a keyword', () => {
    const withoutDictionary = new SeverityMatcher(['stalked', 'threat', 'attacked'], () => false);
    expect(withoutDictionary.match('we talked over a treat, got attached')).toEqual(['stalked', 'threat', 'attacked']);
    const withDictionary = new SeverityMatcher(['stalked', 'threat', 'attacked']);
    expect(withDictionary.match('we talked over a treat, got attached')).toEqual([]);
  });
});
