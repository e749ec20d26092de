import { assertActivityPatterns, isMotive, isPreferredWindow, PREFERRED_WINDOWS, validateActivityPatterns, windowToken } from './activity-patterns.shape';
import { JsonShapeError } from './shape-utils';

const p = (over: Record<string, unknown> = {}) => ({
  activity_key: 'coffee',
  motive_weights: { connection: 0.7, comfort: 0.6 },
  constraints: { quiet: true, indoor: true },
  preferred_windows: ['weekend_morning', 'weekday_day'],
  confidence: 0.7,
  freshness_days: 5,
  ...over,
});

function withoutKey(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}

describe('activity patterns shape', () => {
  it('has exactly eight window tokens, {weekday|weekend}_{morning|day|evening|night}', () => {
    expect(PREFERRED_WINDOWS).toEqual([
      'weekday_morning', 'weekday_day', 'weekday_evening', 'weekday_night',
      'weekend_morning', 'weekend_day', 'weekend_evening', 'weekend_night',
    ]);
  });

  it.each<[string, unknown]>([
    ['no patterns', []],
    ['one pattern', [p()]],
    ['two activities', [p(), p({ activity_key: 'hike' })]],
    ['empty motives, constraints and windows', [p({ motive_weights: {}, constraints: {}, preferred_windows: [] })]],
    ['every window', [p({ preferred_windows: [...PREFERRED_WINDOWS] })]],
    ['an activity key outside the catalog that is a slug', [p({ activity_key: 'pickleball' })]],
  ])('accepts %s', (_name, value) => {
    expect(validateActivityPatterns(value)).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['an object', p(), ['$']],
    ['null', null, ['$']],
    ['a pattern that is a string', ['coffee'], ['$[0]']],
    ['a missing activity_key', [withoutKey(p(), 'activity_key')], ['$[0].activity_key']],
    ['an activity key with spaces', [p({ activity_key: 'board games' })], ['$[0].activity_key']],
    ['an upper-case activity key', [p({ activity_key: 'Coffee' })], ['$[0].activity_key']],
    ['the same activity twice', [p(), p()], ['$[1].activity_key']],
    ['an unknown motive', [p({ motive_weights: { money: 0.5 } })], ['$[0].motive_weights.money']],
    ['a motive weight above 1', [p({ motive_weights: { fun: 1.5 } })], ['$[0].motive_weights.fun']],
    ['a constraint that is not boolean', [p({ constraints: { quiet: 'yes' } })], ['$[0].constraints.quiet']],
    ['a bare daypart window', [p({ preferred_windows: ['morning'] })], ['$[0].preferred_windows[0]']],
    ['an upper-case window', [p({ preferred_windows: ['SAT_MORNING'] })], ['$[0].preferred_windows[0]']],
    ['a duplicated window', [p({ preferred_windows: ['weekend_day', 'weekend_day'] })], ['$[0].preferred_windows[1]']],
    ['windows as a string', [p({ preferred_windows: 'weekend_day' })], ['$[0].preferred_windows']],
    ['confidence above 1', [p({ confidence: 7 })], ['$[0].confidence']],
    ['fractional freshness_days', [p({ freshness_days: 0.5 })], ['$[0].freshness_days']],
    ['an extra field', [p({ weight: 1 })], ['$[0].weight']],
    ['too many patterns', Array.from({ length: 41 }, (_, i) => p({ activity_key: `a${i}` })), ['$']],
  ])('refuses %s', (_name, value, paths) => {
    expect(validateActivityPatterns(value).map((x) => x.path).sort()).toEqual([...paths].sort());
    expect(() => assertActivityPatterns(value)).toThrow(JsonShapeError);
  });

  it('checks keys against the catalog when one is given', () => {
    const activityKeys = new Set(['coffee', 'hike']);
    expect(validateActivityPatterns([p()], { activityKeys })).toEqual([]);
    expect(validateActivityPatterns([p({ activity_key: 'pickleball' })], { activityKeys })).toEqual([
      { path: '$[0].activity_key', message: 'is not in the activity catalog' },
    ]);
  });
});

describe('activity patterns shape, in words', () => {
  it('says what is wrong', () => {
    expect(validateActivityPatterns([p()], { activityKeys: new Set(['hike']) })).toEqual([
      { path: '$[0].activity_key', message: 'is not in the activity catalog' },
    ]);
    expect(validateActivityPatterns([p(), p()])).toEqual([{ path: '$[1].activity_key', message: 'appears in more than one pattern' }]);
    expect(validateActivityPatterns([p({ motive_weights: { money: 0.5 } })])).toEqual([
      { path: '$[0].motive_weights.money', message: 'is not a motive (connection, comfort, fun, adventure, learning, fitness, calm)' },
    ]);
    expect(validateActivityPatterns([p({ preferred_windows: ['weekend_brunch', 'weekday_day', 'weekday_day'] })])).toEqual([
      { path: '$[0].preferred_windows[0]', message: 'must be {weekday|weekend}_{morning|day|evening|night}' },
      { path: '$[0].preferred_windows[2]', message: 'is a duplicate' },
    ]);
  });

  it('checks every field it is given', () => {
    expect(validateActivityPatterns([p({ activity_key: 'coffee' })], { activityKeys: new Set(['coffee']) })).toEqual([]);
    expect(validateActivityPatterns([p({ activity_key: 5 })], { activityKeys: new Set(['coffee']) }).map((x) => x.path)).toEqual(['$[0].activity_key']);
    expect(validateActivityPatterns([p(), p({ activity_key: 'hike' })])).toEqual([]);
    expect(validateActivityPatterns([p({ motive_weights: { fun: 2 } })]).map((x) => x.path)).toEqual(['$[0].motive_weights.fun']);
    expect(validateActivityPatterns([p({ motive_weights: [] })]).map((x) => x.path)).toEqual(['$[0].motive_weights']);
    expect(validateActivityPatterns([p({ constraints: { quiet: 1 } })]).map((x) => x.path)).toEqual(['$[0].constraints.quiet']);
    expect(validateActivityPatterns([p({ preferred_windows: 'weekend_day' })]).map((x) => x.path)).toEqual(['$[0].preferred_windows']);
    expect(validateActivityPatterns([p({ preferred_windows: [...PREFERRED_WINDOWS, 'weekday_day'] })]).map((x) => x.path)).toEqual([
      '$[0].preferred_windows', '$[0].preferred_windows[8]',
    ]);
    expect(validateActivityPatterns([p({ confidence: 1.2 })]).map((x) => x.path)).toEqual(['$[0].confidence']);
    expect(validateActivityPatterns([p({ freshness_days: -1 })]).map((x) => x.path)).toEqual(['$[0].freshness_days']);
    expect(validateActivityPatterns([p({ freshness_days: 0 })])).toEqual([]);
    expect(validateActivityPatterns(['coffee', p()]).map((x) => x.path)).toEqual(['$[0]']);
    expect(validateActivityPatterns({}).map((x) => x.path)).toEqual(['$']);
  });

  it('knows the motives and the eight windows', () => {
    expect(PREFERRED_WINDOWS).toEqual([
      'weekday_morning', 'weekday_day', 'weekday_evening', 'weekday_night', 'weekend_morning', 'weekend_day', 'weekend_evening', 'weekend_night',
    ]);
    expect(windowToken('weekend', 'night')).toBe('weekend_night');
    expect(isPreferredWindow('weekend_night')).toBe(true);
    expect(isPreferredWindow('weekend')).toBe(false);
    expect(isPreferredWindow(3)).toBe(false);
    expect(isMotive('calm')).toBe(true);
    expect(isMotive('money')).toBe(false);
    expect(isMotive(1)).toBe(false);
    expect(isMotive(['calm'])).toBe(false);
    expect(isPreferredWindow(['weekend_night'])).toBe(false);
  });
});

describe('activity patterns shape, missing fields', () => {
  it.each(['activity_key', 'motive_weights', 'constraints', 'preferred_windows', 'confidence', 'freshness_days'])(
    'reports a missing %s once, as required',
    (field) => {
      expect(validateActivityPatterns([withoutKey(p(), field)])).toEqual([{ path: `$[0].${field}`, message: 'is required' }]);
    },
  );

  it('reports every missing field of an empty pattern', () => {
    expect(validateActivityPatterns([{}]).map((x) => x.message)).toEqual(Array(6).fill('is required'));
  });
});

describe('activity patterns shape, the error', () => {
  it('names the shape in the error', () => {
    expect(() => assertActivityPatterns([p({ confidence: 2 })])).toThrow('Invalid activity_patterns: $[0].confidence must be between 0 and 1');
  });
});
