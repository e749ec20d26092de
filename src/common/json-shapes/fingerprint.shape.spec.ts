import { assertFingerprint, FINGERPRINT_FACTORS, validateFingerprint } from './fingerprint.shape';
import { JsonShapeError } from './shape-utils';

const f = (over: Record<string, unknown> = {}) => ({
  range_value: 0.5,
  confidence: 0.6,
  freshness_days: 3,
  sources: { interview: 1 },
  ...over,
});

describe('fingerprint shape', () => {
  const full = Object.fromEntries(FINGERPRINT_FACTORS.map((k) => [k, f()]));

  it.each<[string, unknown]>([
    ['an empty profile', {}],
    ['one factor', { social_pace: f() }],
    ['all 12 factors', full],
    ['the schema.md example', {
      connection_depth: { range_value: 0.72, confidence: 0.64, freshness_days: 3, sources: { interview: 0.9 } },
      social_pace: { range_value: 0.4, confidence: 0.55, freshness_days: 10, sources: { interview: 0.8, invite_accept: 0.2 } },
    }],
    ['bounds 0 and 1', { humor: f({ range_value: 0, confidence: 1, freshness_days: 0, sources: { a: 0, b: 1 } }) }],
  ])('accepts %s', (_name, value) => {
    expect(validateFingerprint(value)).toEqual([]);
    expect(() => assertFingerprint(value)).not.toThrow();
  });

  it.each<[string, unknown, string[]]>([
    ['null', null, ['$']],
    ['an array', [f()], ['$']],
    ['a string', '{}', ['$']],
    ['an unknown factor', { introversion: f() }, ['$.introversion']],
    ['a camelCase factor', { socialPace: f() }, ['$.socialPace']],
    ['a factor that is a number', { humor: 0.5 }, ['$.humor']],
    ['range_value above 1', { humor: f({ range_value: 1.2 }) }, ['$.humor.range_value']],
    ['negative confidence', { humor: f({ confidence: -0.1 }) }, ['$.humor.confidence']],
    ['range_value as a string', { humor: f({ range_value: '0.5' }) }, ['$.humor.range_value']],
    ['NaN confidence', { humor: f({ confidence: Number.NaN }) }, ['$.humor.confidence']],
    ['fractional freshness_days', { humor: f({ freshness_days: 1.5 }) }, ['$.humor.freshness_days']],
    ['negative freshness_days', { humor: f({ freshness_days: -1 }) }, ['$.humor.freshness_days']],
    ['sources missing', { humor: { range_value: 0.5, confidence: 0.5, freshness_days: 0 } }, ['$.humor.sources']],
    ['empty sources', { humor: f({ sources: {} }) }, ['$.humor.sources']],
    ['a source weight above 1', { humor: f({ sources: { interview: 2 } }) }, ['$.humor.sources.interview']],
    ['a source with a bad name', { humor: f({ sources: { 'Invite Accept': 0.5 } }) }, ['$.humor.sources["Invite Accept"]']],
    ['sources as an array', { humor: f({ sources: ['interview'] }) }, ['$.humor.sources']],
    ['an extra field', { humor: f({ weight: 1 }) }, ['$.humor.weight']],
    ['every field missing', { humor: {} }, ['$.humor.range_value', '$.humor.confidence', '$.humor.freshness_days', '$.humor.sources']],
  ])('refuses %s', (_name, value, paths) => {
    const problems = validateFingerprint(value);
    expect(problems.map((p) => p.path).sort()).toEqual([...paths].sort());
    expect(() => assertFingerprint(value)).toThrow(JsonShapeError);
  });

  it('reports every problem at once, with the code invalid_json_shape', () => {
    const value = { humor: f({ range_value: 3 }), nope: f(), novelty: f({ confidence: 'high' }) };
    try {
      assertFingerprint(value);
      throw new Error('expected a JsonShapeError');
    } catch (err) {
      expect(err).toBeInstanceOf(JsonShapeError);
      const e = err as JsonShapeError;
      expect(e.code).toBe('invalid_json_shape');
      expect(e.status).toBe(422);
      expect(e.problems).toHaveLength(3);
    }
  });
});

describe('fingerprint shape, in words', () => {
  const factor = { range_value: 0.5, confidence: 0.5, freshness_days: 0, sources: { interview: 1 } };

  it('says what is wrong', () => {
    expect(validateFingerprint({ charm: factor })).toEqual([{ path: '$.charm', message: 'is not one of the 12 fingerprint factors' }]);
    expect(validateFingerprint({ social_pace: { ...factor, sources: {} } })).toEqual([
      { path: '$.social_pace.sources', message: 'must name at least one source' },
    ]);
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`s${i}`, 0.1]));
    expect(validateFingerprint({ social_pace: { ...factor, sources: many } })).toEqual([
      { path: '$.social_pace.sources', message: 'must have at most 16 sources' },
    ]);
    expect(validateFingerprint({ social_pace: { ...factor, sources: { Bad: 0.5, ok: 2 } } })).toEqual([
      { path: '$.social_pace.sources.Bad', message: 'key must be a snake_case identifier' },
      { path: '$.social_pace.sources.ok', message: 'must be between 0 and 1' },
    ]);
  });

  it('checks every field of a factor, and goes on after an unknown factor', () => {
    expect(validateFingerprint({ charm: factor, social_pace: { ...factor, confidence: 2 } }).map((p) => p.path)).toEqual([
      '$.charm', '$.social_pace.confidence',
    ]);
    expect(validateFingerprint({ social_pace: { ...factor, range_value: -1 } }).map((p) => p.path)).toEqual(['$.social_pace.range_value']);
    expect(validateFingerprint({ social_pace: { ...factor, freshness_days: -1 } }).map((p) => p.path)).toEqual(['$.social_pace.freshness_days']);
    expect(validateFingerprint({ social_pace: { ...factor, freshness_days: 1e6 } })).toEqual([]);
    expect(validateFingerprint({ social_pace: { ...factor, sources: [] } }).map((p) => p.path)).toEqual(['$.social_pace.sources']);
    expect(validateFingerprint({ social_pace: 'high' }).map((p) => p.path)).toEqual(['$.social_pace']);
    const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`s${i}`, 0.1]));
    expect(validateFingerprint({ social_pace: { ...factor, sources: sixteen } })).toEqual([]);
    const { sources: _s, ...noSources } = factor;
    expect(validateFingerprint({ social_pace: noSources })).toEqual([{ path: '$.social_pace.sources', message: 'is required' }]);
  });
});

describe('fingerprint shape, the error', () => {
  it('names the shape in the error', () => {
    expect(() => assertFingerprint({ humor: 0.5 })).toThrow('Invalid fingerprint: $.humor must be an object');
  });
});
