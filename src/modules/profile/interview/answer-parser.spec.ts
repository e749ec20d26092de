import { parseAnswer, type ParsedAnswer } from './answer-parser';
import { stepDef, type StepKey } from './interview-steps';

const parse = (step: StepKey, text: string): ParsedAnswer => parseAnswer(text, stepDef(step).spec);
const choice = (...keys: string[]): ParsedAnswer => ({ kind: 'choice', keys });
const unrecognised = (reason: 'no_match' | 'out_of_range' | 'ambiguous'): ParsedAnswer => ({ kind: 'unrecognised', reason });

// Letters-only "words" from a fixed seed: the worst case for typo matching, same every run.
function pseudoRandomWords(length: number): string {
  let seed = 42;
  let out = '';
  while (out.length < length) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    out += `${'xqzjvkw'[seed % 7]}${seed.toString(36).replace(/[0-9]/g, 'q').slice(0, 6)} `;
  }
  return out.slice(0, length);
}

describe('answer parser', () => {
  describe('numbers', () => {
    it.each<[StepKey, string, ParsedAnswer]>([
      ['group', '2', choice('handful')],
      ['group', ' 2 ', choice('handful')],
      ['group', '2.', choice('handful')],
      ['group', '#2', choice('handful')],
      ['group', '(2)', choice('handful')],
      ['group', 'option 2', choice('handful')],
      ['group', 'Option 2 please', choice('handful')],
      ['group', 'two', choice('handful')],
      ['group', 'TWO', choice('handful')],
      ['group', 'the second', choice('handful')],
      ['group', '2nd', choice('handful')],
      ['group', '2 (a handful)', choice('handful')],
      ['group', '2 or 4', unrecognised('ambiguous')],
      ['group', '9', unrecognised('out_of_range')],
      ['group', '0', unrecognised('out_of_range')],
      ['group', '1000000000000000000000', unrecognised('out_of_range')],
      ['activities', '1 4', choice('coffee', 'board_games')],
      ['activities', '1,4,7', choice('coffee', 'board_games', 'drinks')],
      ['activities', '1, 4 and 7', choice('coffee', 'board_games', 'drinks')],
      ['activities', '7 1 4', choice('coffee', 'board_games', 'drinks')],
      ['activities', '1 1 1', choice('coffee')],
      ['activities', '10 12', choice('run', 'concert')],
      ['activities', '1-3', choice('coffee', 'walk', 'hike')],
      ['activities', '1 to 3', choice('coffee', 'walk', 'hike')],
      ['activities', '1 4 99', choice('coffee', 'board_games')],
      ['activities', '13', unrecognised('out_of_range')],
      ['times', '347', choice('weekday_evening', 'weekend_morning', 'late_night')],
      ['times', '3 4', choice('weekday_evening', 'weekend_morning')],
      ['boundaries', '1 3', choice('alcohol', 'loud')],
      ['boundaries', '6', choice('none')],
      ['boundaries', '1 6', choice('alcohol')],
    ])('%s: %j', (step, text, expected) => {
      expect(parse(step, text)).toEqual(expected);
    });
  });

  describe('keywords and free text', () => {
    it.each<[StepKey, string, ParsedAnswer]>([
      ['group', 'small', choice('small')],
      ['group', 'Small please!', choice('small')],
      ['group', 'I like it small and cozy', choice('small')],
      ['group', 'one on one is best', choice('small')],
      ['group', '2-3', choice('small')],
      ['group', '3 or 4', choice('handful')],
      ['group', 'the more the merrier', choice('bigger')],
      ['group', 'doesn\'t matter', choice('any')],
      ['group', 'I prefer a pizza', unrecognised('no_match')],
      ['activities', 'coffee and hiking', choice('coffee', 'hike')],
      ['activities', 'Coffee, board games & trivia', choice('coffee', 'board_games', 'trivia')],
      ['activities', 'I love brunch and movies', choice('brunch', 'movie')],
      ['activities', 'all of them', choice('coffee', 'walk', 'hike', 'board_games', 'museum', 'dinner', 'drinks', 'climbing', 'yoga', 'run', 'trivia', 'concert')],
      ['activities', 'hiking but not running', choice('hike')],
      ['activities', 'I don\'t like drinks, coffee is great', choice('coffee')],
      ['activities', 'café', choice('coffee')],
      ['activities', '2 and coffee', choice('coffee', 'walk')],
      ['times', 'weekends', choice('weekend_morning', 'weekend_day', 'weekend_evening')],
      ['times', 'weekday evenings and weekend mornings', choice('weekday_evening', 'weekend_morning')],
      ['times', 'Saturday and Sunday mornings', choice('weekend_morning')],
      ['times', 'evenings', choice('weekday_evening', 'weekend_evening')],
      ['times', 'after work', choice('weekday_evening')],
      ['times', 'late nights', choice('late_night')],
      ['times', 'anytime', choice('weekday_morning', 'weekday_day', 'weekday_evening', 'weekend_morning', 'weekend_day', 'weekend_evening', 'late_night')],
      ['times', 'not mornings', unrecognised('no_match')],
      ['boundaries', 'no bars', choice('alcohol')],
      ['boundaries', 'I don\'t drink', choice('alcohol')],
      ['boundaries', 'no', choice('none')],
      ['boundaries', 'Nope', choice('none')],
      ['boundaries', 'nothing really', choice('none')],
      ['boundaries', 'no hiking or late nights', choice('late_nights', 'activity_hike')],
      ['boundaries', 'expensive stuff and crowds', choice('loud', 'pricey')],
      ['friendship', 'slow', choice('slow')],
      ['friendship', 'deep conversations', choice('deep')],
      ['conversation', 'a bit of both', choice('both')],
      ['conversation', 'Im a listener', choice('listening')],
      ['plans', 'spontaneous!', choice('loose')],
      ['new_things', 'always trying new places', choice('new')],
      ['energy', 'get me sweaty', choice('sweaty')],
      ['humor', 'lots of banter', choice('banter')],
      ['distance', 'walking distance', choice('walking')],
      ['distance', '3 miles', choice('short')],
      ['distance', 'about 15 km', choice('town')],
      ['distance', '2.5 mi', choice('short')],
      ['distance', '30 miles is fine', choice('far')],
    ])('%s: %j', (step, text, expected) => {
      expect(parse(step, text)).toEqual(expected);
    });
  });

  describe('typos', () => {
    it.each<[StepKey, string, ParsedAnswer]>([
      ['activities', 'cofee', choice('coffee')],
      ['activities', 'hikking and climbign', choice('hike', 'climbing')],
      ['activities', 'borad games', choice('board_games')],
      ['activities', 'musuem', choice('museum')],
      ['activities', 'triva', choice('trivia')],
      ['activities', 'biking', choice('bike_ride')],
      ['activities', 'hiking', choice('hike')],
      ['times', 'weekneds', choice('weekend_morning', 'weekend_day', 'weekend_evening')],
      ['times', 'mornigs', choice('weekday_morning', 'weekend_morning')],
      ['group', 'smal', choice('small')],
      ['activities', 'fun', unrecognised('no_match')],
      ['activities', 'rum', unrecognised('no_match')],
      ['group', 'handfull', choice('handful')],
      ['conversation', 'listning', choice('listening')],
      ['plans', 'spontanious', choice('loose')],
      ['new_things', 'favorits', choice('favourites')],
    ])('%s: %j', (step, text, expected) => {
      expect(parse(step, text)).toEqual(expected);
    });
  });

  describe('emoji', () => {
    it.each<[StepKey, string, ParsedAnswer]>([
      ['group', '2\uFE0F\u20E3', choice('handful')],
      ['group', '2 \u{1F44D}', choice('handful')],
      ['group', '\u{1F44D}\u{1F3FD} small', choice('small')],
      ['group', '\u{1F44D}', unrecognised('no_match')],
      ['activities', '\u2615\uFE0F', choice('coffee')],
      ['activities', '\u2615 \u{1F97E} \u{1F3B2}', choice('coffee', 'hike', 'board_games')],
      ['activities', '1\uFE0F\u20E3 4\uFE0F\u20E3', choice('coffee', 'board_games')],
      ['activities', '\u{1F51F}', choice('run')],
      ['activities', 'coffee \u{1F60D}\u{1F60D}\u{1F60D}', choice('coffee')],
      ['activities', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467} hiking', choice('hike')],
    ])('%s: %j', (step, text, expected) => {
      expect(parse(step, text)).toEqual(expected);
    });
  });

  describe('skip, later, repeat, empty', () => {
    it.each<[string, ParsedAnswer['kind']]>([
      ['skip', 'skip'],
      ['SKIP', 'skip'],
      ['Skip.', 'skip'],
      ['skp', 'skip'],
      ['sikp', 'skip'],
      ['skip pls', 'skip'],
      ['pass', 'skip'],
      ['idk', 'skip'],
      ['I don\'t know', 'skip'],
      ['not sure', 'skip'],
      ['later', 'pause'],
      ['Not now', 'pause'],
      ['repeat', 'repeat'],
      ['what?', 'repeat'],
      ['', 'empty'],
      ['   ', 'empty'],
      ['\n\t', 'empty'],
      ['?!...', 'empty'],
      ['\uFE0F', 'empty'],
    ])('%j -> %s', (text, kind) => {
      expect(parse('group', text).kind).toBe(kind);
    });
  });

  describe('long input', () => {
    it.each(([
      ['group', 'x'.repeat(1600), 'unrecognised'],
      ['group', `2${' '.repeat(1599)}`, 'choice'],
      ['group', 'blah '.repeat(320), 'unrecognised'],
      ['activities', 'I really love going on long hikes with friends and then getting coffee. '.repeat(22).slice(0, 1600), 'choice'],
      ['group', 'z'.repeat(5000), 'unrecognised'],
      ['activities', 'qwerty '.repeat(229), 'unrecognised'],
      ['activities', 'a '.repeat(800), 'unrecognised'],
      ['times', 'mornigs '.repeat(200), 'choice'],
      ['activities', pseudoRandomWords(1600), 'unrecognised'],
      ['boundaries', pseudoRandomWords(1600), 'unrecognised'],
    ] as Array<[StepKey, string, ParsedAnswer['kind']]>).map(([step, text, kind]) => [step, text.length, text, kind] as const))('%s: %i characters', (step, _length, text, kind) => {
      // No wall-clock bound here (speed goals live in bench/): a pattern that backtracks
      // super-linearly on 1,600 characters runs for minutes, and jest's timeout fails it.
      expect(parse(step, text).kind).toBe(kind);
    });

    it('reads a 1,600-character answer to the end, and nothing past it', () => {
      const filler = 'and so on '.repeat(170);
      expect(parse('activities', `${filler.slice(0, 1590)} coffee`)).toEqual(choice('coffee'));
      expect(parse('activities', `${filler.slice(0, 1600)} coffee`)).toEqual(unrecognised('no_match'));
    });
  });
});
