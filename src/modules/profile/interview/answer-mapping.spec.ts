import { validateActivityPatterns, validateBoundaries, validateFingerprint, validatePreferences } from '../../../common/json-shapes';
import { activityCatalog } from '../activity-catalog';
import { emptyProfileData, type ProfileData } from '../profile-data';
import { applyStepAnswer, type MappingContext } from './answer-mapping';
import { stepDef, STEPS, listedOptions } from './interview-steps';

const ctx: MappingContext = { catalog: activityCatalog, signals: { halfLifeDays: 180, maxConfidence: 0.95 } };
const apply = (step: Parameters<typeof stepDef>[0], keys: string[], data: ProfileData = emptyProfileData()) =>
  applyStepAnswer(stepDef(step), keys, data, ctx);

function expectValidShapes(d: ProfileData) {
  expect(validateFingerprint(d.fingerprint)).toEqual([]);
  expect(validateActivityPatterns(d.activity_patterns, { activityKeys: activityCatalog.keys() })).toEqual([]);
  expect(validateBoundaries(d.boundaries)).toEqual([]);
  expect(validatePreferences(d.preferences)).toEqual([]);
}

describe('answer mapping', () => {
  it('every option of every step maps to valid shapes', () => {
    for (const def of STEPS.values()) {
      for (const option of def.options) expectValidShapes(applyStepAnswer(def, [option.key], emptyProfileData(), ctx).data);
      if (def.spec.multi) expectValidShapes(applyStepAnswer(def, listedOptions(def).map((x) => x.key), emptyProfileData(), ctx).data);
    }
  });

  it('activities become patterns with the catalog defaults, and set activity_level', () => {
    const { data, changed } = apply('activities', ['coffee', 'hike']);
    expect(data.activity_patterns).toEqual([
      {
        activity_key: 'coffee', motive_weights: { connection: 0.7, comfort: 0.6, calm: 0.4 },
        constraints: { indoor: true, quiet: true, alcohol: false }, preferred_windows: [], confidence: 0.5, freshness_days: 0,
      },
      {
        activity_key: 'hike', motive_weights: { adventure: 0.7, fitness: 0.6, connection: 0.4 },
        constraints: { outdoor: true, physical: true }, preferred_windows: [], confidence: 0.5, freshness_days: 0,
      },
    ]);
    expect(data.fingerprint.activity_level).toEqual({ range_value: 0.425, confidence: 0.3, freshness_days: 0, sources: { interview: 1 } });
    expect(changed).toEqual(['activity_patterns', 'activity_level']);
  });

  it('a new activity answer keeps named patterns, adds new ones, halves the others', () => {
    const first = apply('activities', ['coffee', 'hike']).data;
    const timed = apply('times', ['weekend_morning'], first).data;
    const again = apply('activities', ['hike', 'yoga'], timed).data;
    expect(again.activity_patterns.map((p) => [p.activity_key, p.confidence, p.preferred_windows])).toEqual([
      ['hike', 0.5, ['weekend_morning']],
      ['yoga', 0.5, ['weekend_morning']],
      ['coffee', 0.25, ['weekend_morning']],
    ]);
  });

  it('times set the windows of every pattern and the chronotype', () => {
    const withActivities = apply('activities', ['coffee']).data;
    const { data } = apply('times', ['weekday_morning', 'late_night'], withActivities);
    expect(data.activity_patterns[0].preferred_windows).toEqual(['weekday_morning', 'weekday_night', 'weekend_night']);
    // mean of morning 0.1, night 0.95, night 0.95
    expect(data.fingerprint.chronotype?.range_value).toBe(0.667);
    expect(data.fingerprint.chronotype?.confidence).toBe(0.4);
  });

  it('boundaries replace what was stated; "nothing" clears them', () => {
    const { data } = apply('boundaries', ['alcohol', 'late_nights', 'activity_hike']);
    expect(data.boundaries).toEqual({ no_thanks: ['drinks', 'bars', 'alcohol', 'late_night', 'hike'], hard_constraints: { alcohol: false } });
    expect(apply('boundaries', ['none'], data).data.boundaries).toEqual({ no_thanks: [], hard_constraints: {} });
  });

  it('single-choice steps set their factors and preferences', () => {
    const group = apply('group', ['small']).data;
    expect(group.fingerprint.group_comfort).toMatchObject({ range_value: 0.2, confidence: 0.6 });
    expect(group.fingerprint.social_energy).toMatchObject({ range_value: 0.35, confidence: 0.35 });
    expect(group.preferences).toEqual({ group_size: { min: 2, max: 3 } });
    expect(apply('distance', ['town']).data.preferences).toEqual({ radius_km: 16 });
    expect(apply('plans', ['fixed']).data.fingerprint).toMatchObject({
      structure: { range_value: 0.9, confidence: 0.6 }, reliability: { range_value: 0.85, confidence: 0.3 },
    });
  });

  it('answering again blends with the earlier answer instead of overwriting it', () => {
    const once = apply('humor', ['banter']).data;
    const twice = apply('humor', ['serious'], once).data;
    expect(twice.fingerprint.humor).toEqual({ range_value: 0.55, confidence: 0.84, freshness_days: 0, sources: { interview: 1 } });
  });

  it('an answer with no usable option changes nothing', () => {
    const data = emptyProfileData();
    expect(apply('group', ['nonexistent'], data)).toEqual({ data, changed: [] });
    expect(apply('activities', [], data)).toEqual({ data, changed: [] });
  });
});
