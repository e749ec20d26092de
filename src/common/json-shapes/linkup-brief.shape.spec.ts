import { assertLinkupBrief, isTimeWindow, splitTimeWindow, timeWindow, validateLinkupBrief } from './linkup-brief.shape';
import { JsonShapeError } from './shape-utils';

const valid = {
  activity_key: 'coffee',
  time_window: 'SAT_MORNING',
  motive_emphasis: { connection: 0.7, comfort: 0.6 },
  constraints: { quiet: true },
  group_size: { min: 2, max: 6 },
};

describe('linkup brief shape', () => {
  it.each<[string, unknown]>([
    ['the schema.md example', valid],
    ['no emphasis and no constraints', { ...valid, motive_emphasis: {}, constraints: {} }],
    ['an exact group size', { ...valid, group_size: { min: 4, max: 4 } }],
    ['a weekday evening', { ...valid, time_window: 'TUE_EVENING' }],
  ])('accepts %s', (_name, value) => {
    expect(validateLinkupBrief(value)).toEqual([]);
    expect(() => assertLinkupBrief(value)).not.toThrow();
  });

  it.each<[string, unknown, string[]]>([
    ['an array', [], ['$']],
    ['null', null, ['$']],
    ['a missing activity', { ...valid, activity_key: undefined }, ['$.activity_key']],
    ['an activity with spaces', { ...valid, activity_key: 'board games' }, ['$.activity_key']],
    ['a lower-case window', { ...valid, time_window: 'sat_morning' }, ['$.time_window']],
    ['a bare day', { ...valid, time_window: 'SAT' }, ['$.time_window']],
    ['an unknown daypart', { ...valid, time_window: 'SAT_BRUNCH' }, ['$.time_window']],
    ['an unknown motive', { ...valid, motive_emphasis: { money: 0.4 } }, ['$.motive_emphasis.money']],
    ['a motive weight above 1', { ...valid, motive_emphasis: { fun: 1.5 } }, ['$.motive_emphasis.fun']],
    ['a non-boolean constraint', { ...valid, constraints: { quiet: 'yes' } }, ['$.constraints.quiet']],
    ['a group of 1', { ...valid, group_size: { min: 1, max: 4 } }, ['$.group_size.min']],
    ['a group of 7', { ...valid, group_size: { min: 2, max: 7 } }, ['$.group_size.max']],
    ['min above max', { ...valid, group_size: { min: 5, max: 3 } }, ['$.group_size']],
    ['a fractional size', { ...valid, group_size: { min: 2.5, max: 4 } }, ['$.group_size.min']],
    ['group size without max', { ...valid, group_size: { min: 2 } }, ['$.group_size.max']],
    ['an extra key', { ...valid, venue: 'cafe' }, ['$.venue']],
  ])('refuses %s', (_name, value, paths) => {
    const cleaned = JSON.parse(JSON.stringify(value)); // drops undefined keys, as a JSON column would
    expect(validateLinkupBrief(cleaned).map((p) => p.path).sort()).toEqual([...paths].sort());
    expect(() => assertLinkupBrief(cleaned)).toThrow(JsonShapeError);
  });

  it('reports every problem at once with the invalid_json_shape code', () => {
    try {
      assertLinkupBrief({ activity_key: 3, time_window: 'x', motive_emphasis: [], constraints: {}, group_size: {} });
      throw new Error('expected a throw');
    } catch (err) {
      expect(err).toBeInstanceOf(JsonShapeError);
      expect((err as JsonShapeError).code).toBe('invalid_json_shape');
      expect((err as JsonShapeError).problems.length).toBeGreaterThanOrEqual(5);
    }
  });

  it('splits a time window into day type and daypart', () => {
    expect(splitTimeWindow('SUN_NIGHT')).toEqual({ day: 'SUN', part: 'NIGHT', dayType: 'weekend', daypart: 'night' });
    expect(splitTimeWindow('WED_DAY')).toEqual({ day: 'WED', part: 'DAY', dayType: 'weekday', daypart: 'day' });
    expect(isTimeWindow('FRI_EVENING')).toBe(true);
    expect(isTimeWindow('FRIDAY_EVENING')).toBe(false);
  });
});

describe('linkup brief shape, in words', () => {
  it('says what is wrong', () => {
    expect(validateLinkupBrief({ ...valid, time_window: 'SAT' })).toEqual([
      { path: '$.time_window', message: 'must be {MON..SUN}_{MORNING|DAY|EVENING|NIGHT}, e.g. SAT_MORNING' },
    ]);
    expect(validateLinkupBrief({ ...valid, group_size: { min: 5, max: 3 } })).toEqual([{ path: '$.group_size', message: 'min must not exceed max' }]);
    expect(validateLinkupBrief({ ...valid, group_size: 4 })).toEqual([{ path: '$.group_size', message: 'must be an object' }]);
    expect(validateLinkupBrief({})).toEqual(
      ['activity_key', 'time_window', 'motive_emphasis', 'constraints', 'group_size'].map((k) => ({ path: `$.${k}`, message: 'is required' })),
    );
  });

  it('checks every part it is given, and compares min and max only as numbers', () => {
    expect(validateLinkupBrief({ ...valid, time_window: 5 }).map((p) => p.path)).toEqual(['$.time_window']);
    expect(validateLinkupBrief({ ...valid, constraints: [] }).map((p) => p.path)).toEqual(['$.constraints']);
    expect(validateLinkupBrief({ ...valid, motive_emphasis: 'fun' }).map((p) => p.path)).toEqual(['$.motive_emphasis']);
    expect(validateLinkupBrief({ ...valid, group_size: { min: '5', max: 3 } }).map((p) => p.path)).toEqual(['$.group_size.min']);
    expect(validateLinkupBrief({ ...valid, group_size: { min: 5, max: '3' } }).map((p) => p.path)).toEqual(['$.group_size.max']);
    expect(validateLinkupBrief({ ...valid, group_size: { max: 3 } }).map((p) => p.path)).toEqual(['$.group_size.min']);
    expect(validateLinkupBrief({ ...valid, group_size: { min: 2, max: 6, x: 1 } }).map((p) => p.path)).toEqual(['$.group_size.x']);
  });

  it('matches a whole time window only', () => {
    expect(isTimeWindow('XSAT_MORNING')).toBe(false);
    expect(isTimeWindow('SAT_MORNINGS')).toBe(false);
    expect(isTimeWindow(5)).toBe(false);
    expect(isTimeWindow({ toString: () => 'SAT_MORNING' })).toBe(false); // a string, not anything that reads as one
    expect(() => assertLinkupBrief({})).toThrow(/^Invalid linkup_brief: \$\.activity_key is required/);
    for (const day of ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN']) {
      for (const part of ['MORNING', 'DAY', 'EVENING', 'NIGHT']) expect(isTimeWindow(`${day}_${part}`)).toBe(true);
    }
    expect(splitTimeWindow('SAT_DAY').dayType).toBe('weekend');
    expect(splitTimeWindow('FRI_NIGHT').dayType).toBe('weekday');
    expect(timeWindow('TUE', 'EVENING')).toBe('TUE_EVENING');
  });
});
