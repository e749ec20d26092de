import { FINGERPRINT_FACTORS, type ActivityPattern, type Fingerprint, type LinkupBrief } from '../../src/common/json-shapes';
import { ActivityCatalog } from '../../src/modules/linkups/forming/activity-catalog';
import { ALL_FILTERS_PASSED, DEFAULT_WEIGHTS, type CandidateSnapshot, type MatchContext, type MatchProfile } from '../../src/modules/linkups/matching/matching.types';

// Builders shared by the matching specs.
export const catalog = new ActivityCatalog();

export function fingerprint(value: number, confidence = 0.8, freshness = 0): Fingerprint {
  const fp: Fingerprint = {};
  for (const f of FINGERPRINT_FACTORS) fp[f] = { range_value: value, confidence, freshness_days: freshness, sources: { interview: 1 } };
  return fp;
}

export function pattern(over: Partial<ActivityPattern> = {}): ActivityPattern {
  return {
    activity_key: 'coffee',
    motive_weights: { connection: 0.7, calm: 0.5 },
    constraints: {},
    preferred_windows: ['weekend_morning'],
    confidence: 0.8,
    freshness_days: 0,
    ...over,
  };
}

export function profile(over: Partial<MatchProfile> = {}): MatchProfile {
  return { fingerprint: fingerprint(0.5), activityPatterns: [pattern()], boundaries: {}, ageDays: 0, ...over };
}

export function candidate(userId: string, over: Partial<CandidateSnapshot> = {}): CandidateSnapshot {
  return {
    userId,
    ...ALL_FILTERS_PASSED,
    profile: profile(),
    recentInvites: 0,
    ...over,
  };
}

export const coffeeBrief: LinkupBrief = {
  activity_key: 'coffee',
  time_window: 'SAT_MORNING',
  motive_emphasis: { connection: 0.6, calm: 0.4 },
  constraints: {},
  group_size: { min: 3, max: 6 },
};

export function context(over: Partial<MatchContext> = {}): MatchContext {
  const brief = over.brief ?? coffeeBrief;
  return { brief, activity: catalog.describe(brief.activity_key), group: [profile()], weights: DEFAULT_WEIGHTS, ...over };
}
