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
