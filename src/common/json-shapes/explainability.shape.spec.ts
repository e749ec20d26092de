import { assertExplainability, isMatchFilter, validateExplainability } from './explainability.shape';
import { JsonShapeError } from './shape-utils';

const valid = {
  friend_score: 0.71,
  moment_fit: 0.66,
  final_score: 0.69,
  filters: { passed: ['region', 'entitled', 'not_on_hold'], failed: [] },
  top_reasons: ['similar social pace', 'shared restorative motive'],
};

describe('explainability shape', () => {
  it.each<[string, unknown]>([
    ['the schema.md example', valid],
    ['three reasons and a fairness boost', { ...valid, fairness_boost: 0.02, top_reasons: ['a', 'b', 'c'] }],
    ['an excluded member', { ...valid, filters: { passed: ['region'], failed: ['not_blocked', 'available'] } }],
    ['scores at the bounds', { ...valid, friend_score: 0, moment_fit: 1, final_score: 0 }],
  ])('accepts %s', (_name, value) => {
    expect(validateExplainability(value)).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['a string', 'good match', ['$']],
    ['a missing final score', { ...valid, final_score: undefined }, ['$.final_score']],
    ['a score above 1', { ...valid, friend_score: 1.2 }, ['$.friend_score']],
    ['a negative score', { ...valid, moment_fit: -0.1 }, ['$.moment_fit']],
    ['a string score', { ...valid, final_score: '0.5' }, ['$.final_score']],
    ['an unknown filter', { ...valid, filters: { passed: ['vibes'], failed: [] } }, ['$.filters.passed[0]']],
    ['a filter both passed and failed', { ...valid, filters: { passed: ['region'], failed: ['region'] } }, ['$.filters.failed[0]']],
    ['filters without failed', { ...valid, filters: { passed: [] } }, ['$.filters.failed']],
    ['one reason', { ...valid, top_reasons: ['similar pace'] }, ['$.top_reasons']],
    ['four reasons', { ...valid, top_reasons: ['a', 'b', 'c', 'd'] }, ['$.top_reasons']],
    ['an empty reason', { ...valid, top_reasons: ['a', ' '] }, ['$.top_reasons[1]']],
    ['a reason with a number', { ...valid, top_reasons: ['a', 'call 5551234'] }, ['$.top_reasons[1]']],
    ['an overlong reason', { ...valid, top_reasons: ['a', 'x'.repeat(81)] }, ['$.top_reasons[1]']],
    ['an extra key', { ...valid, names: ['Ana'] }, ['$.names']],
  ])('refuses %s', (_name, value, paths) => {
    const cleaned = JSON.parse(JSON.stringify(value));
    expect(validateExplainability(cleaned).map((p) => p.path).sort()).toEqual([...paths].sort());
    expect(() => assertExplainability(cleaned)).toThrow(JsonShapeError);
  });
});

describe('explainability shape, in words', () => {
  it('says what is wrong', () => {
    expect(validateExplainability({ ...valid, filters: { passed: ['region', 'nope'], failed: ['region'] } })).toEqual([
      {
        path: '$.filters.passed[1]',
        message: 'is not a matching filter (region, active, sms_consent, entitled, not_on_hold, profile_complete, not_blocked, boundaries, available)',
      },
      { path: '$.filters.failed[0]', message: 'is listed more than once' },
    ]);
    expect(validateExplainability({ ...valid, top_reasons: ['one'] })).toEqual([{ path: '$.top_reasons', message: 'must have at least 2 reasons' }]);
    expect(validateExplainability({ ...valid, top_reasons: ['ok', ' '] })).toEqual([{ path: '$.top_reasons[1]', message: 'must be a non-empty string' }]);
    expect(validateExplainability({ ...valid, top_reasons: ['ok', 7] })).toEqual([{ path: '$.top_reasons[1]', message: 'must be a non-empty string' }]);
    expect(validateExplainability({ ...valid, top_reasons: ['ok', 'x'.repeat(81)] })).toEqual([
      { path: '$.top_reasons[1]', message: 'must be at most 80 characters' },
    ]);
    expect(validateExplainability({ ...valid, top_reasons: ['ok', 'top 3 match'] })).toEqual([
      { path: '$.top_reasons[1]', message: 'must not contain digits (reasons never carry numbers)' },
    ]);
  });

  it('takes the limits inclusive and checks every score', () => {
    expect(validateExplainability({ ...valid, top_reasons: ['ok', 'x'.repeat(80)] })).toEqual([]);
    expect(validateExplainability({ ...valid, top_reasons: ['a', 'b', 'c', 'd'] }).map((p) => p.path)).toEqual(['$.top_reasons']);
    expect(validateExplainability({ ...valid, top_reasons: 'a' }).map((p) => p.path)).toEqual(['$.top_reasons']);
    for (const key of ['friend_score', 'moment_fit', 'final_score', 'fairness_boost']) {
      expect(validateExplainability({ ...valid, [key]: 2 })).toEqual([{ path: `$.${key}`, message: 'must be between 0 and 1' }]);
    }
    expect(validateExplainability({ ...valid, filters: [] }).map((p) => p.path)).toEqual(['$.filters']);
    expect(validateExplainability({ ...valid, filters: { passed: [] } }).map((p) => p.path)).toEqual(['$.filters.failed']);
    expect(validateExplainability({ ...valid, filters: { passed: 'region', failed: [] } }).map((p) => p.path)).toEqual(['$.filters.passed']);
    const { fairness_boost: _none, ...withoutBoost } = { ...valid, fairness_boost: 0 };
    expect(validateExplainability(withoutBoost)).toEqual([]);
    expect(validateExplainability({})).toHaveLength(5);
  });
});

describe('explainability shape, its error and filter names', () => {
  it('names the shape in the error', () => {
    expect(() => assertExplainability({ ...valid, final_score: 2 })).toThrow('Invalid explainability: $.final_score must be between 0 and 1');
  });

  it('knows a filter only by its exact name', () => {
    expect(isMatchFilter('region')).toBe(true);
    expect(isMatchFilter('Region')).toBe(false);
    expect(isMatchFilter(['region'])).toBe(false);
    expect(isMatchFilter(undefined)).toBe(false);
  });
});
