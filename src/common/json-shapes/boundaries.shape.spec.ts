import { assertBoundaries, validateBoundaries } from './boundaries.shape';
import { JsonShapeError } from './shape-utils';

describe('boundaries shape', () => {
  it.each<[string, unknown]>([
    ['nothing stated yet', {}],
    ['the schema.md example', { no_thanks: ['bars', 'late_night'], hard_constraints: { smoking: false } }],
    ['empty lists', { no_thanks: [], hard_constraints: {} }],
    ['only no_thanks', { no_thanks: ['drinks'] }],
    ['a required constraint', { hard_constraints: { step_free: true } }],
  ])('accepts %s', (_name, value) => {
    expect(validateBoundaries(value)).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['an array', [], ['$']],
    ['null', null, ['$']],
    ['an unknown key', { no_thanks: [], maybe: [] }, ['$.maybe']],
    ['no_thanks as a string', { no_thanks: 'bars' }, ['$.no_thanks']],
    ['a no_thanks item with spaces', { no_thanks: ['late night'] }, ['$.no_thanks[0]']],
    ['a duplicated no_thanks item', { no_thanks: ['bars', 'bars'] }, ['$.no_thanks[1]']],
    ['a number in no_thanks', { no_thanks: [3] }, ['$.no_thanks[0]']],
    ['a constraint that is not boolean', { hard_constraints: { smoking: 'no' } }, ['$.hard_constraints.smoking']],
    ['hard_constraints as a list', { hard_constraints: ['smoking'] }, ['$.hard_constraints']],
    ['too many no_thanks', { no_thanks: Array.from({ length: 51 }, (_, i) => `x${i}`) }, ['$.no_thanks']],
  ])('refuses %s', (_name, value, paths) => {
    expect(validateBoundaries(value).map((x) => x.path).sort()).toEqual([...paths].sort());
    expect(() => assertBoundaries(value)).toThrow(JsonShapeError);
  });
});

describe('boundaries shape, in words', () => {
  it('names the shape in the error', () => {
    expect(() => assertBoundaries({ no_thanks: 'bars' })).toThrow('Invalid boundaries: $.no_thanks must be an array');
  });
});
