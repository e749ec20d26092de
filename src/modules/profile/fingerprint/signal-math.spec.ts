import { ageFingerprint, agePatterns, freshestSignalDays } from './freshness';
import { applyFactorSignal, effectiveConfidence, freshnessDecay, utcDayDiff } from './signal-math';

const settings = { halfLifeDays: 180, maxConfidence: 0.95 };
const factor = (range_value: number, confidence: number, freshness_days = 0, sources: Record<string, number> = { interview: 1 }) => ({
  range_value, confidence, freshness_days, sources,
});

describe('signal math', () => {
  it('a first signal sets the value, its strength becomes the confidence', () => {
    expect(applyFactorSignal(undefined, { target: 0.8, strength: 0.6, source: 'interview' }, settings)).toEqual(factor(0.8, 0.6));
  });

  it('weighs the old value by its confidence and the signal by its strength', () => {
    expect(applyFactorSignal(factor(0.2, 0.6), { target: 1, strength: 0.2, source: 'do_again' }, settings)).toEqual({
      range_value: 0.4, confidence: 0.68, freshness_days: 0, sources: { interview: 0.75, do_again: 0.25 },
    });
  });

  it('a behaviour signal moves a value slowly (capped) and raises confidence', () => {
    let f = factor(0.3, 0.6);
    for (let i = 0; i < 5; i++) {
      const next = applyFactorSignal(f, { target: 1, strength: 0.05, source: 'invite_accepted', maxShift: 0.05 }, settings);
      expect(next.range_value - f.range_value).toBeGreaterThan(0);
      expect(next.range_value - f.range_value).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(next.confidence).toBeGreaterThan(f.confidence);
      f = next;
    }
    expect(f.range_value).toBeLessThan(0.6);
    expect(f.confidence).toBeLessThanOrEqual(0.95);
  });

  it('caps confidence and keeps values within 0..1', () => {
    let f = factor(0.99, 0.9);
    for (let i = 0; i < 50; i++) f = applyFactorSignal(f, { target: 1.5, strength: 0.9, source: 'x' }, settings);
    expect(f.confidence).toBe(0.95);
    expect(f.range_value).toBeLessThanOrEqual(1);
  });

  it('old signals count less: confidence halves every half-life', () => {
    expect(freshnessDecay(0, 180)).toBe(1);
    expect(freshnessDecay(180, 180)).toBeCloseTo(0.5);
    expect(effectiveConfidence(factor(0.5, 0.8, 90), 180, 90)).toBeCloseTo(0.4);
    // A stale value gives way to a new answer more easily than a fresh one.
    const fresh = applyFactorSignal(factor(0.2, 0.6, 0), { target: 0.8, strength: 0.6, source: 'interview' }, settings);
    const stale = applyFactorSignal(factor(0.2, 0.6, 360), { target: 0.8, strength: 0.6, source: 'interview' }, settings);
    expect(stale.range_value).toBeGreaterThan(fresh.range_value);
  });

  it('counts calendar days (UTC), so frequent writes still add up', () => {
    expect(utcDayDiff(new Date('2025-01-01T23:59:00Z'), new Date('2025-01-02T00:01:00Z'))).toBe(1);
    expect(utcDayDiff(new Date('2025-01-01T00:01:00Z'), new Date('2025-01-01T23:59:00Z'))).toBe(0);
    expect(utcDayDiff(new Date('2025-01-02T00:00:00Z'), new Date('2025-01-01T00:00:00Z'))).toBe(0);
    expect(utcDayDiff(new Date('2025-01-01T12:00:00Z'), new Date('2025-07-01T12:00:00Z'))).toBe(181);
  });

  it('ages every factor and pattern, and finds the freshest signal', () => {
    const fp = { humor: factor(0.5, 0.5, 3), novelty: factor(0.5, 0.5, 10) };
    const patterns = [{ activity_key: 'coffee', motive_weights: {}, constraints: {}, preferred_windows: [], confidence: 0.5, freshness_days: 1 }];
    expect(ageFingerprint(fp, 2)).toEqual({ humor: factor(0.5, 0.5, 5), novelty: factor(0.5, 0.5, 12) });
    expect(agePatterns(patterns, 2)[0].freshness_days).toBe(3);
    expect(ageFingerprint(fp, 0)).toBe(fp);
    expect(freshestSignalDays(fp, patterns)).toBe(1);
    expect(freshestSignalDays({}, [])).toBeNull();
  });
});
