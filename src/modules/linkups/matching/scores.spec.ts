import { coffeeBrief, fingerprint, pattern, profile } from '../../../../test/support/linkups-matching-fixtures';
import { DEFAULT_WEIGHTS } from './matching.types';
import {
  compareFingerprints,
  constraintFit,
  cosine,
  fairnessBoost,
  finalScore,
  freshnessDecay,
  friendScore,
  momentFit,
  momentParts,
  pairFriendScore,
  round3,
  windowFit,
} from './scores';

describe('matching scores', () => {
  describe('friend_score', () => {
    it('is high for identical fingerprints and low for opposite ones', () => {
      const same = friendScore(profile({ fingerprint: fingerprint(0.8) }), [profile({ fingerprint: fingerprint(0.8) })], 90).score;
      const opposite = friendScore(profile({ fingerprint: fingerprint(0.0) }), [profile({ fingerprint: fingerprint(1.0) })], 90).score;
      expect(same).toBeGreaterThan(0.85);
      expect(opposite).toBeLessThan(0.15);
    });

    it('stays near neutral when both members are unsure', () => {
      const unsure = friendScore(profile({ fingerprint: fingerprint(0, 0.1) }), [profile({ fingerprint: fingerprint(1, 0.1) })], 90).score;
      expect(unsure).toBeGreaterThan(0.4);
      expect(unsure).toBeLessThan(0.5);
    });

    it('weights each factor by both confidences and freshness', () => {
      const fresh = fingerprint(0.9, 0.8, 0);
      const old = fingerprint(0.9, 0.8, 360);
      const [c] = compareFingerprints(fresh, old, 90);
      // 0.8 * 0.8 confidences, times 1 (fresh) times 0.5^(360/90) = 0.0625 (four half-lives): 0.04.
      expect(c.weight).toBeCloseTo(0.04, 6);
      expect(c.similarity).toBeCloseTo(1, 6);
      expect(c.mean).toBeCloseTo(0.9, 6);
      expect(freshnessDecay(90, 90)).toBeCloseTo(0.5, 6);
      expect(freshnessDecay(0, 90)).toBe(1);
      expect(freshnessDecay(45, 90)).toBeCloseTo(Math.SQRT1_2, 6);
      expect(freshnessDecay(-30, 90)).toBe(1); // a clock skew never makes evidence stronger than fresh
      const staleMatch = friendScore(profile({ fingerprint: fingerprint(0.1, 0.8, 360) }), [profile({ fingerprint: fingerprint(0.9, 0.8, 360) })], 90).score;
      const freshMatch = friendScore(profile({ fingerprint: fingerprint(0.1, 0.8, 0) }), [profile({ fingerprint: fingerprint(0.9, 0.8, 0) })], 90).score;
      expect(staleMatch).toBeGreaterThan(freshMatch); // stale evidence of a mismatch counts for less
    });

    it('ignores factors only one side has', () => {
      const partial = { social_pace: { range_value: 0.5, confidence: 0.9, freshness_days: 0, sources: { interview: 1 } } };
      expect(compareFingerprints(partial, fingerprint(0.5), 90)).toHaveLength(1);
      expect(friendScore(profile({ fingerprint: {} }), [profile()], 90).score).toBe(0.5);
    });

    it('averages over the initiator and the confirmed participants', () => {
      const group = [profile({ fingerprint: fingerprint(0.8) }), profile({ fingerprint: fingerprint(0.2) })];
      const score = friendScore(profile({ fingerprint: fingerprint(0.8) }), group, 90).score;
      const withInitiatorOnly = friendScore(profile({ fingerprint: fingerprint(0.8) }), group.slice(0, 1), 90).score;
      expect(score).toBeLessThan(withInitiatorOnly);
      expect(friendScore(profile({ fingerprint: fingerprint(0.8) }), [], 90).score).toBe(0.5);
    });
  });

  describe('moment_fit', () => {
    it('rewards a confident pattern for the activity at the right time with aligned motives', () => {
      const good = momentFit(momentParts([pattern()], coffeeBrief, 90));
      const none = momentFit(momentParts([pattern({ activity_key: 'hike' })], coffeeBrief, 90));
      expect(good).toBeGreaterThan(0.85);
      expect(none).toBeLessThan(0.5);
    });

    it('uses windows from other patterns when there is none for the activity', () => {
      const parts = momentParts([pattern({ activity_key: 'hike', preferred_windows: ['weekend_morning'] })], coffeeBrief, 90);
      expect(parts).toEqual({ pattern: 0, window: 1, motive: 0.5, constraints: 0.5 });
    });

    it.each<[string[], number]>([
      [['weekend_morning'], 1],
      [['weekday_morning'], 0.5],
      [['weekend_day'], 0.25],
      [['weekday_night'], 0],
      [[], 0.5],
    ])('window fit of %j for SAT_MORNING is %s', (windows, fit) => {
      expect(windowFit(windows, coffeeBrief)).toBe(fit);
    });

    it('measures motive alignment by cosine similarity', () => {
      expect(cosine({ connection: 1 }, { connection: 0.5 })).toBeCloseTo(1, 6);
      expect(cosine({ connection: 1 }, { fitness: 1 })).toBe(0);
      expect(cosine({}, { fitness: 1 })).toBe(0.5);
    });

    it('scores constraints by the share both sides agree on', () => {
      expect(constraintFit({ quiet: true, indoor: true }, { quiet: true, indoor: false })).toBe(0.5);
      expect(constraintFit({ quiet: true }, { outdoor: true })).toBe(1);
    });

    it('ages freshness by the days since the profile was written', () => {
    const [c] = compareFingerprints(fingerprint(0.5, 1, 0), fingerprint(0.5, 1, 0), 90, 90, 0);
    expect(c.weight).toBeCloseTo(0.5, 6);
    const aged = momentParts([pattern({ freshness_days: 0 })], coffeeBrief, 90, 90).pattern;
    expect(aged).toBeCloseTo(0.4, 6);
  });

  it('decays a stale pattern', () => {
      const fresh = momentParts([pattern({ freshness_days: 0 })], coffeeBrief, 90).pattern;
      const stale = momentParts([pattern({ freshness_days: 180 })], coffeeBrief, 90).pattern;
      expect(stale).toBeCloseTo(fresh / 4, 6);
    });
  });

  describe('final_score', () => {
    it('is 0.6 friend + 0.4 moment plus the fairness term', () => {
      expect(finalScore(0.5, 0.5, 0, DEFAULT_WEIGHTS)).toBeCloseTo(0.5, 6);
      expect(finalScore(1, 0, 0, DEFAULT_WEIGHTS)).toBeCloseTo(0.6, 6);
      expect(finalScore(0.5, 0.5, 0.05, DEFAULT_WEIGHTS)).toBeCloseTo(0.55, 6);
      expect(finalScore(1, 1, 0.05, DEFAULT_WEIGHTS)).toBe(1);
    });

    it('honours configured weights', () => {
      expect(finalScore(1, 0, 0, { ...DEFAULT_WEIGHTS, friend: 0.3, moment: 0.7 })).toBeCloseTo(0.3, 6);
    });

    it('gives members invited less often a larger, small boost', () => {
      expect(fairnessBoost(0, DEFAULT_WEIGHTS)).toBeCloseTo(0.05, 6);
      expect(fairnessBoost(1, DEFAULT_WEIGHTS)).toBeCloseTo(0.025, 6);
      expect(fairnessBoost(4, DEFAULT_WEIGHTS)).toBeCloseTo(0.01, 6);
    });
  });

  describe('by hand', () => {
    it('compares factor by factor: similarity, weight from both sides, and the mean', () => {
      const a = { social_pace: { range_value: 0.2, confidence: 0.5, freshness_days: 90, sources: { interview: 1 } } };
      const b = { social_pace: { range_value: 0.6, confidence: 0.4, freshness_days: 0, sources: { interview: 1 } } };
      const [c] = compareFingerprints(a, b, 90, 0, 90);
      expect(c.factor).toBe('social_pace');
      expect(c.similarity).toBeCloseTo(0.6, 6); // 1 - |0.2 - 0.6|
      expect(c.mean).toBeCloseTo(0.4, 6);
      expect(c.weight).toBeCloseTo(0.5 * 0.4 * 0.5 * 0.5, 6); // each side one half-life old
      expect(compareFingerprints(b, a, 90, 90, 0)[0].weight).toBeCloseTo(0.05, 6);
    });

    it('pulls a pair score towards 0.5 by one unit of pseudo-evidence', () => {
      expect(pairFriendScore([])).toBe(0.5);
      // (0.5 + 1 * 1) / (1 + 1) = 0.75
      expect(pairFriendScore([{ factor: 'social_pace', similarity: 1, weight: 1, mean: 0.5 }])).toBeCloseTo(0.75, 6);
      // (0.5 + 0.5 * 0 + 1.5 * 0.8) / (1 + 0.5 + 1.5) = 1.7 / 3
      expect(pairFriendScore([
        { factor: 'social_pace', similarity: 0, weight: 0.5, mean: 0.5 },
        { factor: 'novelty', similarity: 0.8, weight: 1.5, mean: 0.5 },
      ])).toBeCloseTo(1.7 / 3, 6);
    });

    it('averages pair scores over the group and returns each comparison', () => {
      const one = { social_pace: { range_value: 0.5, confidence: 1, freshness_days: 0, sources: { interview: 1 } } };
      const far = { social_pace: { range_value: 1, confidence: 1, freshness_days: 0, sources: { interview: 1 } } };
      const r = friendScore(profile({ fingerprint: one }), [profile({ fingerprint: one }), profile({ fingerprint: far })], 90);
      // pair 1: (0.5 + 1) / 2 = 0.75; pair 2: (0.5 + 0.5) / 2 = 0.5; mean 0.625
      expect(r.score).toBeCloseTo(0.625, 6);
      expect(r.comparisons.map((c) => c.map((x) => x.similarity))).toEqual([[1], [0.5]]);
      // Each member's profile age ages their side only.
      const aged = friendScore(profile({ fingerprint: one, ageDays: 90 }), [profile({ fingerprint: one })], 90);
      expect(aged.score).toBeCloseTo((0.5 + 0.5) / 1.5, 6);
      const agedOther = friendScore(profile({ fingerprint: one }), [profile({ fingerprint: one, ageDays: 90 })], 90);
      expect(agedOther.score).toBeCloseTo((0.5 + 0.5) / 1.5, 6);
    });

    it('adds up moment parts with weights 0.4, 0.25, 0.2, 0.15', () => {
      expect(momentFit({ pattern: 1, window: 0, motive: 0, constraints: 0 })).toBeCloseTo(0.4, 6);
      expect(momentFit({ pattern: 0, window: 1, motive: 0, constraints: 0 })).toBeCloseTo(0.25, 6);
      expect(momentFit({ pattern: 0, window: 0, motive: 1, constraints: 0 })).toBeCloseTo(0.2, 6);
      expect(momentFit({ pattern: 0, window: 0, motive: 0, constraints: 1 })).toBeCloseTo(0.15, 6);
    });

    it('scores a matching pattern part by part', () => {
      const p = pattern({ confidence: 0.6, freshness_days: 90, motive_weights: { connection: 1 }, constraints: { quiet: true } });
      const brief = { ...coffeeBrief, motive_emphasis: { connection: 0.5 }, constraints: { quiet: false } };
      expect(momentParts([p], brief, 90)).toEqual({ pattern: 0.3, window: 1, motive: 1, constraints: 0 });
      expect(momentParts([], brief, 90)).toEqual({ pattern: 0, window: 0.5, motive: 0.5, constraints: 0.5 });
    });

    it.each<[string, string[], number]>([
      ['SUN_NIGHT', ['weekend_evening'], 0.25], // the last daypart's one neighbour
      ['SUN_NIGHT', ['weekend_morning'], 0],
      ['TUE_MORNING', ['weekday_day'], 0.25], // the first daypart's one neighbour
      ['TUE_MORNING', ['weekend_morning'], 0.5],
      ['TUE_MORNING', ['weekend_day'], 0], // a neighbour on the other kind of day
      ['WED_DAY', ['weekday_evening', 'weekday_night'], 0.25],
    ])('window fit for %s of %j is %s', (tw, windows, fit) => {
      expect(windowFit(windows, { ...coffeeBrief, time_window: tw as never })).toBe(fit);
    });

    it('measures cosine over the keys of both sides', () => {
      expect(cosine({ connection: 1, fitness: 0 }, { connection: 1, fitness: 1 })).toBeCloseTo(Math.SQRT1_2, 6);
      expect(cosine({ connection: 3, calm: 4 }, { connection: 4, calm: 3 })).toBeCloseTo(24 / 25, 6);
      expect(cosine({ fitness: 1 }, {})).toBe(0.5);
      expect(cosine({ fitness: 0 }, { fitness: 1 })).toBe(0.5);
    });

    it('counts only constraints both sides state', () => {
      expect(constraintFit({}, { quiet: true })).toBe(1);
      expect(constraintFit({ quiet: false, loud: true, outdoor: true }, { quiet: false, loud: false, outdoor: true })).toBeCloseTo(2 / 3, 6);
      expect(constraintFit({ quiet: false }, { quiet: true })).toBe(0);
    });

    it('clamps the final score to 0..1 and treats negative invite counts as none', () => {
      expect(finalScore(0, 0, -0.5, DEFAULT_WEIGHTS)).toBe(0);
      expect(finalScore(0.5, 1, 0, DEFAULT_WEIGHTS)).toBeCloseTo(0.7, 6);
      expect(fairnessBoost(-3, DEFAULT_WEIGHTS)).toBeCloseTo(0.05, 6);
      expect(fairnessBoost(0, { ...DEFAULT_WEIGHTS, fairness: 0.1 })).toBeCloseTo(0.1, 6);
    });

    it('rounds to three decimals', () => {
      expect(round3(0.12345)).toBe(0.123);
      expect(round3(0.1235)).toBe(0.124);
      expect(round3(1)).toBe(1);
    });
  });
});
