import { validateExplainability } from '../../../common/json-shapes';
import { candidate, context, fingerprint, pattern, profile } from '../../../../test/support/linkups-matching-fixtures';
import { topReasons } from './reasons';
import { scoreCandidate, selectWave } from './wave-selector';

describe('wave selection', () => {
  const initiator = profile({ fingerprint: fingerprint(0.8) });
  const ctx = context({ group: [initiator] });

  it('invites the best eligible candidates, best first, up to the wave size', () => {
    const pool = [
      candidate('far', { profile: profile({ fingerprint: fingerprint(0.1) }) }),
      candidate('close', { profile: profile({ fingerprint: fingerprint(0.8) }) }),
      candidate('mid', { profile: profile({ fingerprint: fingerprint(0.5) }) }),
      candidate('blocked', { profile: profile({ fingerprint: fingerprint(0.8) }), blockedWithGroup: true }),
    ];
    const wave = selectWave(pool, ctx, 2);
    expect(wave.map((w) => w.userId)).toEqual(['close', 'mid']);
    expect(wave[0].explainability.filters.failed).toEqual([]);
    for (const w of wave) expect(validateExplainability(w.explainability)).toEqual([]);
  });

  it('lets the fairness term decide between otherwise equal members', () => {
    const pool = [candidate('often', { recentInvites: 5 }), candidate('never', { recentInvites: 0 })];
    expect(selectWave(pool, ctx, 1).map((w) => w.userId)).toEqual(['never']);
  });

  it('is reproducible on ties', () => {
    const pool = [candidate('b'), candidate('a'), candidate('c')];
    expect(selectWave(pool, ctx, 3).map((w) => w.userId)).toEqual(['a', 'b', 'c']);
    expect(selectWave(pool, ctx, 0)).toEqual([]);
  });

  it('explains an excluded member with the failed filter first', () => {
    const scored = scoreCandidate(candidate('x', { onHold: true }), ctx);
    expect(scored.eligible).toBe(false);
    expect(scored.explainability.filters.failed).toEqual(['not_on_hold']);
    expect(scored.explainability.top_reasons[0]).toBe('account on hold');
    expect(validateExplainability(scored.explainability)).toEqual([]);
  });

  it('gives 2-3 human reasons without names or numbers', () => {
    const scored = scoreCandidate(candidate('x', { profile: profile({ fingerprint: fingerprint(0.9) }) }), context({ group: [profile({ fingerprint: fingerprint(0.9) })] }));
    const reasons = scored.explainability.top_reasons;
    expect(reasons.length).toBeGreaterThanOrEqual(2);
    expect(reasons.length).toBeLessThanOrEqual(3);
    expect(reasons).toContain('into coffee');
    for (const r of reasons) expect(r).not.toMatch(/\d/);
  });

  it('falls back to generic reasons when nothing stands out', () => {
    const reasons = topReasons({
      failed: [],
      comparisons: [],
      moment: { pattern: 0, window: 0, motive: 0.5, constraints: 1 },
      brief: ctx.brief,
      activity: ctx.activity,
      candidateMotives: {},
    });
    expect(reasons).toEqual(['lives in your area', 'open to meeting new people']);
  });

  it('phrases similar traits by where the pair sits', () => {
    const owl = fingerprint(0.9);
    const reasons = scoreCandidate(
      candidate('x', { profile: profile({ fingerprint: owl, activityPatterns: [pattern({ activity_key: 'hike' })] }) }),
      context({ group: [profile({ fingerprint: owl })] }),
    ).explainability.top_reasons;
    expect(reasons.some((r) => r.startsWith('both'))).toBe(true);
  });
});
