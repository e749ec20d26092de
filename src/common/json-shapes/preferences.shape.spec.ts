import { assertPreferences, validatePreferences } from './preferences.shape';
import { JsonShapeError } from './shape-utils';

describe('preferences shape', () => {
  it.each<[string, unknown]>([
    ['no preference', {}],
    ['a group size', { group_size: { min: 2, max: 6 } }],
    ['an exact group size', { group_size: { min: 4, max: 4 } }],
    ['a radius', { radius_km: 7.5 }],
    ['both', { group_size: { min: 3, max: 4 }, radius_km: 200 }],
  ])('accepts %s', (_name, value) => {
    expect(validatePreferences(value)).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['a string', 'small', ['$']],
    ['an unknown key', { budget: 20 }, ['$.budget']],
    ['a group of 1', { group_size: { min: 1, max: 4 } }, ['$.group_size.min']],
    ['a group of 7', { group_size: { min: 2, max: 7 } }, ['$.group_size.max']],
    ['min above max', { group_size: { min: 5, max: 3 } }, ['$.group_size']],
    ['a fractional size', { group_size: { min: 2.5, max: 4 } }, ['$.group_size.min']],
    ['a missing max', { group_size: { min: 2 } }, ['$.group_size.max']],
    ['an extra group field', { group_size: { min: 2, max: 3, ideal: 3 } }, ['$.group_size.ideal']],
    ['group size as a number', { group_size: 4 }, ['$.group_size']],
    ['a zero radius', { radius_km: 0 }, ['$.radius_km']],
    ['a radius as a string', { radius_km: '5' }, ['$.radius_km']],
    ['a huge radius', { radius_km: 5000 }, ['$.radius_km']],
  ])('refuses %s', (_name, value, paths) => {
    expect(validatePreferences(value).map((x) => x.path).sort()).toEqual([...paths].sort());
    expect(() => assertPreferences(value)).toThrow(JsonShapeError);
  });
});

describe('preferences shape, in words', () => {
  it('says what is wrong', () => {
    expect(validatePreferences({ group_size: { min: 5, max: 3 } })).toEqual([{ path: '$.group_size', message: 'min must not exceed max' }]);
    expect(validatePreferences({ radius_km: '5' })).toEqual([{ path: '$.radius_km', message: 'must be a finite number' }]);
    expect(validatePreferences({ radius_km: Infinity })).toEqual([{ path: '$.radius_km', message: 'must be a finite number' }]);
    expect(validatePreferences({ radius_km: -1 })).toEqual([{ path: '$.radius_km', message: 'must be above 0 and at most 200' }]);
    expect(validatePreferences({ radius_km: 200.5 })).toEqual([{ path: '$.radius_km', message: 'must be above 0 and at most 200' }]);
    expect(validatePreferences({ group_size: [] })).toEqual([{ path: '$.group_size', message: 'must be an object' }]);
    expect(validatePreferences({ group_size: {} })).toEqual([
      { path: '$.group_size.min', message: 'is required' },
      { path: '$.group_size.max', message: 'is required' },
    ]);
  });

  it('compares min and max only when both are numbers, and takes the bounds inclusive', () => {
    expect(validatePreferences({ group_size: { min: '5', max: 3 } }).map((p) => p.path)).toEqual(['$.group_size.min']);
    expect(validatePreferences({ group_size: { min: 5, max: '3' } }).map((p) => p.path)).toEqual(['$.group_size.max']);
    expect(validatePreferences({ group_size: { min: 2, max: 2 } })).toEqual([]);
    expect(validatePreferences({ group_size: { min: 6, max: 6 } })).toEqual([]);
    expect(validatePreferences({ radius_km: 0.1 })).toEqual([]);
    expect(() => assertPreferences({ radius_km: 0 })).toThrow('Invalid preferences: $.radius_km must be above 0 and at most 200');
  });
});
