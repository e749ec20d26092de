import { assertShape, childPath, isFiniteNumber, isInteger, isPlainObject, isSlug, JsonShapeError, ShapeChecker, type ShapeProblem } from './shape-utils';

// The checker's own words and paths: every JSON column validator reports through these.
const problems = (check: (c: ShapeChecker) => void): ShapeProblem[] => {
  const c = new ShapeChecker();
  check(c);
  return c.problems;
};

describe('shape utils', () => {
  it.each<[string, boolean]>([
    ['a', true],
    ['late_night', true],
    ['x9', true],
    ['a'.repeat(40), true],
    ['a'.repeat(41), false],
    ['9lives', false],
    ['_x', false],
    ['Bars', false],
    ['late night', false],
    ['bars!', false],
    ['', false],
  ])('%j is a slug: %s', (value, slug) => {
    expect(isSlug(value)).toBe(slug);
  });

  it('takes only strings as slugs', () => {
    expect(isSlug(5)).toBe(false);
    expect(isSlug(null)).toBe(false);
  });

  it('takes numbers only as finite numbers and integers, without coercing', () => {
    expect([0, -1.5, 2, Number.MAX_VALUE].map(isFiniteNumber)).toEqual([true, true, true, true]);
    expect([Number.NaN, Infinity, -Infinity, '1', null, true, [1], undefined].map(isFiniteNumber)).toEqual(Array(8).fill(false));
    expect([0, -3, 2.0, Number.MAX_SAFE_INTEGER].map(isInteger)).toEqual([true, true, true, true]);
    expect([2.5, Number.NaN, Infinity, '2', null, false, [2], undefined].map(isInteger)).toEqual(Array(8).fill(false));
  });

  it('takes plain objects only', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(null)).toBe(false);
    expect(isPlainObject(undefined)).toBe(false);
    expect(isPlainObject(() => 1)).toBe(false);
    expect(isPlainObject('x')).toBe(false);
    expect(isPlainObject(new Date())).toBe(false);
    expect(isPlainObject(new (class Thing {})())).toBe(false);
    // What is an array or a function stays refused, whatever its prototype.
    expect(isPlainObject(Object.setPrototypeOf([], null))).toBe(false);
    expect(isPlainObject(Object.setPrototypeOf([], Object.prototype))).toBe(false);
    expect(isPlainObject(Object.setPrototypeOf(() => 1, null))).toBe(false);
    expect(isPlainObject(Object.setPrototypeOf(() => 1, Object.prototype))).toBe(false);
  });

  it('writes child paths as JSONPath', () => {
    expect(childPath('$', 'no_thanks')).toBe('$.no_thanks');
    expect(childPath('$.a', 2)).toBe('$.a[2]');
    expect(childPath('$', '_x9')).toBe('$._x9');
    expect(childPath('$', 'Ab')).toBe('$.Ab');
    expect(childPath('$', 'late night')).toBe('$["late night"]');
    expect(childPath('$', '9a')).toBe('$["9a"]');
    expect(childPath('$', 'a-b')).toBe('$["a-b"]');
    expect(childPath('$', '')).toBe('$[""]');
  });

  it('says what is wrong with each kind of value', () => {
    expect(problems((c) => c.object([], '$'))).toEqual([{ path: '$', message: 'must be an object' }]);
    expect(problems((c) => c.object({}, '$'))).toEqual([]);
    expect(new ShapeChecker().object([], '$')).toBe(false);
    expect(new ShapeChecker().object({}, '$')).toBe(true);
    expect(new ShapeChecker().array({}, '$', 2)).toBe(false);
    expect(new ShapeChecker().array([1, 2, 3], '$', 2)).toBe(true);
    expect(problems((c) => c.array({}, '$.l', 2))).toEqual([{ path: '$.l', message: 'must be an array' }]);
    expect(problems((c) => c.array([1, 2], '$.l', 2))).toEqual([]);
    expect(problems((c) => c.array([1, 2, 3], '$.l', 2))).toEqual([{ path: '$.l', message: 'must have at most 2 items' }]);
    expect(problems((c) => c.boolean('yes', '$.b'))).toEqual([{ path: '$.b', message: 'must be true or false' }]);
    expect(problems((c) => c.boolean(false, '$.b'))).toEqual([]);
    expect(problems((c) => c.slug('Bad', '$.s'))).toEqual([
      { path: '$.s', message: 'must be a snake_case identifier (a-z, 0-9, _; at most 40 characters)' },
    ]);
  });

  it('checks numbers against finite bounds, inclusive', () => {
    const num = (v: unknown) => problems((c) => c.number(v, '$.n', 0, 1));
    expect(num(0)).toEqual([]);
    expect(num(1)).toEqual([]);
    expect(num(0.5)).toEqual([]);
    expect(num(-0.01)).toEqual([{ path: '$.n', message: 'must be between 0 and 1' }]);
    expect(num(1.01)).toEqual([{ path: '$.n', message: 'must be between 0 and 1' }]);
    expect(num(Number.NaN)).toEqual([{ path: '$.n', message: 'must be a finite number' }]);
    expect(num(Infinity)).toEqual([{ path: '$.n', message: 'must be a finite number' }]);
    expect(num('0.5')).toEqual([{ path: '$.n', message: 'must be a finite number' }]);
    expect(problems((c) => c.unit(1.5, '$.u'))).toEqual([{ path: '$.u', message: 'must be between 0 and 1' }]);
    expect(problems((c) => c.unit(0, '$.u'))).toEqual([]);
  });

  it('checks integers against bounds, inclusive', () => {
    const int = (v: unknown) => problems((c) => c.integer(v, '$.i', 2, 6));
    expect(int(2)).toEqual([]);
    expect(int(6)).toEqual([]);
    expect(int(1)).toEqual([{ path: '$.i', message: 'must be between 2 and 6' }]);
    expect(int(7)).toEqual([{ path: '$.i', message: 'must be between 2 and 6' }]);
    expect(int(2.5)).toEqual([{ path: '$.i', message: 'must be an integer' }]);
    expect(int('3')).toEqual([{ path: '$.i', message: 'must be an integer' }]);
    expect(problems((c) => c.integer(Number.MAX_SAFE_INTEGER, '$.i', 0))).toEqual([]);
    expect(problems((c) => c.integer(-1, '$.i', 0))).toEqual([{ path: '$.i', message: `must be between 0 and ${Number.MAX_SAFE_INTEGER}` }]);
  });

  it('refuses unknown keys and names missing required ones', () => {
    expect(problems((c) => c.keys({ a: 1, b: 2, 'x y': 3 }, '$', ['a', 'c'], ['a', 'c']))).toEqual([
      { path: '$.b', message: 'is not an allowed key' },
      { path: '$["x y"]', message: 'is not an allowed key' },
      { path: '$.c', message: 'is required' },
    ]);
    expect(problems((c) => c.keys({ a: 1 }, '$', ['a']))).toEqual([]);
  });

  it('checks flags: an object of slug keys to booleans, with a key limit', () => {
    expect(problems((c) => c.flags({ quiet: true, loud: false }, '$.f', 2))).toEqual([]);
    expect(problems((c) => c.flags([], '$.f', 2))).toEqual([{ path: '$.f', message: 'must be an object' }]);
    expect(problems((c) => c.flags(['x'], '$.f', 2))).toEqual([{ path: '$.f', message: 'must be an object' }]);
    expect(problems((c) => c.flags({ a: true, b: true, c: true }, '$.f', 2))).toEqual([{ path: '$.f', message: 'must have at most 2 keys' }]);
    expect(problems((c) => c.flags({ Bad: true, ok: 'yes' }, '$.f', 5))).toEqual([
      { path: '$.f.Bad', message: 'key must be a snake_case identifier' },
      { path: '$.f.ok', message: 'must be true or false' },
    ]);
  });

  it('checks slug lists: unique slugs, with an item limit', () => {
    expect(problems((c) => c.slugList(['a', 'b'], '$.l', 2))).toEqual([]);
    expect(problems((c) => c.slugList('a', '$.l', 2))).toEqual([{ path: '$.l', message: 'must be an array' }]);
    expect(problems((c) => c.slugList(['a', 'B', 'a'], '$.l', 5))).toEqual([
      { path: '$.l[1]', message: 'must be a snake_case identifier (a-z, 0-9, _; at most 40 characters)' },
      { path: '$.l[2]', message: 'is a duplicate' },
    ]);
  });

  it('throws one error naming the shape and the first three problems', () => {
    expect(() => assertShape('boundaries', [])).not.toThrow();
    const four = ['$.a', '$.b', '$.c', '$.d'].map((path) => ({ path, message: 'is bad' }));
    let error: unknown;
    try {
      assertShape('boundaries', four);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonShapeError);
    const e = error as JsonShapeError;
    expect(e.message).toBe('Invalid boundaries: $.a is bad; $.b is bad; $.c is bad (+1 more)');
    expect(e.code).toBe('invalid_json_shape');
    expect(e.status).toBe(422);
    expect(e.shape).toBe('boundaries');
    expect(e.problems).toEqual(four);
    expect(e.details).toEqual({ shape: 'boundaries', problems: four });
    expect(new JsonShapeError('fingerprint', four.slice(0, 3)).message).toBe('Invalid fingerprint: $.a is bad; $.b is bad; $.c is bad');
    expect(new JsonShapeError('fingerprint', four.slice(0, 1)).message).toBe('Invalid fingerprint: $.a is bad');
  });
});
