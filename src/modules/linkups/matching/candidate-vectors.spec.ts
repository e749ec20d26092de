import { randomFingerprint, randomPatterns, rng } from '../../../../bench/matching/generate';
import type { LinkupBrief } from '../../../common/json-shapes';
import { RegionVectors } from './candidate-vectors';
import { DEFAULT_WEIGHTS, type MatchProfile } from './matching.types';
import { friendScore, momentFit, momentParts } from './scores';

// The pre-score is the exact friend and moment part of final_score (scores.ts), computed from the
// typed arrays: ranking by it gives the same order as ranking by scores.ts on the profile JSON.
describe('RegionVectors pre-score', () => {
  const DAY = 86_400_000;
  const now = new Date('2026-06-06T12:00:00Z');
  const brief: LinkupBrief = {
    activity_key: 'coffee',
    time_window: 'SAT_MORNING',
    motive_emphasis: { connection: 0.6, calm: 0.4 },
    constraints: { alcohol: false },
    group_size: { min: 3, max: 6 },
  };

  function region(seed: number, n: number) {
    const r = rng(seed);
    const vectors = new RegionVectors(DEFAULT_WEIGHTS.freshnessHalfLifeDays);
    const members: Array<MatchProfile & { userId: string }> = [];
    for (let i = 0; i < n; i++) {
      const ageDays = Math.floor(r() * 90);
      const m = { userId: `m${i}`, fingerprint: randomFingerprint(r), activityPatterns: randomPatterns(r), boundaries: {}, ageDays };
      members.push(m);
      vectors.upsert({ ...m, profileUpdatedMs: now.getTime() - ageDays * DAY - 1000, validFromMs: 0, validUntilMs: Number.MAX_VALUE });
    }
    return { r, vectors, members };
  }

  const exact = (m: MatchProfile, group: MatchProfile[]) =>
    DEFAULT_WEIGHTS.friend * friendScore(m, group, DEFAULT_WEIGHTS.freshnessHalfLifeDays).score +
    DEFAULT_WEIGHTS.moment * momentFit(momentParts(m.activityPatterns, brief, DEFAULT_WEIGHTS.freshnessHalfLifeDays, m.ageDays));

  it.each([1, 2, 3])('ranks like scores.ts (seed %i, a group of 1-3)', (seed) => {
    const { r, vectors, members } = region(seed, 400);
    const group = Array.from({ length: 1 + (seed % 3) }, () => ({ fingerprint: randomFingerprint(r), activityPatterns: [], boundaries: {}, ageDays: 5 }));
    const top = vectors.top({ brief, group, weights: DEFAULT_WEIGHTS, now, exclude: new Set(), limit: 30 }, ['coffee']);
    const scored = members.map((m) => ({ id: m.userId, score: exact(m, group) }));
    const expected = scored.sort((a, b) => b.score - a.score).slice(0, 30).map((m) => m.id);
    expect(top).toEqual(expected);
  });

  it('skips members outside their validity interval, excluded ids and boundaries that refuse the plan', () => {
    const { vectors, members } = region(9, 50);
    const base = { fingerprint: members[0].fingerprint, activityPatterns: members[0].activityPatterns, profileUpdatedMs: now.getTime() };
    vectors.upsert({ ...base, userId: 'm1', boundaries: {}, validFromMs: now.getTime() + 1, validUntilMs: Number.MAX_VALUE });
    vectors.upsert({ ...base, userId: 'm2', boundaries: {}, validFromMs: 0, validUntilMs: now.getTime() });
    vectors.upsert({ ...base, userId: 'm3', boundaries: { no_thanks: ['coffee'] }, validFromMs: 0, validUntilMs: Number.MAX_VALUE });
    vectors.upsert({ ...base, userId: 'm4', boundaries: { hard_constraints: { step_free: true } }, validFromMs: 0, validUntilMs: Number.MAX_VALUE });
    const top = vectors.top({ brief, group: [members[0]], weights: DEFAULT_WEIGHTS, now, exclude: new Set(['m5']), limit: 100 }, ['coffee']);
    expect(top).toHaveLength(45);
    for (const id of ['m1', 'm2', 'm3', 'm4', 'm5']) expect(top).not.toContain(id);
  });
});
