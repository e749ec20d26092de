import {
  FINGERPRINT_FACTORS,
  splitTimeWindow,
  type ActivityPattern,
  type Fingerprint,
  type FingerprintFactor,
  type LinkupBrief,
} from '../../../common/json-shapes';
import type { MatchProfile, MatchingWeights } from './matching.types';

// Evidence for a fingerprint factor halves every `halfLifeDays` without a new signal.
export function freshnessDecay(freshnessDays: number, halfLifeDays: number): number {
  return Math.pow(0.5, Math.max(0, freshnessDays) / halfLifeDays);
}

// Pseudo-evidence pulling similarity towards 0.5 when both profiles are thin: two members with
// one low-confidence factor each in common are not "a perfect match".
const PRIOR_WEIGHT = 1;

export interface FactorComparison {
  factor: FingerprintFactor;
  similarity: number; // 1 - |a - b|
  weight: number; // both confidences times both freshness decays
  mean: number; // where the pair sits on the factor's axis
}

// `ageA`/`ageB`: days since each profile row was written (its freshness_days are as of then).
export function compareFingerprints(a: Fingerprint, b: Fingerprint, halfLifeDays: number, ageA = 0, ageB = 0): FactorComparison[] {
  const out: FactorComparison[] = [];
  for (const factor of FINGERPRINT_FACTORS) {
    const x = a[factor];
    const y = b[factor];
    if (!x || !y) continue;
    const weight =
      x.confidence *
      y.confidence *
      freshnessDecay(x.freshness_days + ageA, halfLifeDays) *
      freshnessDecay(y.freshness_days + ageB, halfLifeDays);
    out.push({ factor, similarity: 1 - Math.abs(x.range_value - y.range_value), weight, mean: (x.range_value + y.range_value) / 2 });
  }
  return out;
}

export function pairFriendScore(comparisons: FactorComparison[]): number {
  // Stryker disable next-line ArithmeticOperator: equivalent while PRIOR_WEIGHT is 1 (0.5 * 1 = 0.5 / 1)
  let num = 0.5 * PRIOR_WEIGHT;
  let den = PRIOR_WEIGHT;
  for (const c of comparisons) {
    num += c.weight * c.similarity;
    den += c.weight;
  }
  return num / den;
}

// Similarity with the initiator and everyone confirmed so far, averaged over the group.
export function friendScore(candidate: MatchProfile, group: MatchProfile[], halfLifeDays: number): {
  score: number;
  comparisons: FactorComparison[][];
} {
  const comparisons = group.map((m) =>
    compareFingerprints(candidate.fingerprint, m.fingerprint, halfLifeDays, candidate.ageDays, m.ageDays),
  );
  if (comparisons.length === 0) return { score: 0.5, comparisons };
  const score = comparisons.reduce((s, c) => s + pairFriendScore(c), 0) / comparisons.length;
  return { score, comparisons };
}

export interface MomentParts {
  pattern: number; // has a pattern for this activity: its confidence, decayed
  window: number; // the LinkUp's time against preferred windows
  motive: number; // brief's motive emphasis against the pattern's motives
  constraints: number; // brief's constraints against the pattern's
}

const MOMENT_WEIGHTS: MomentParts = { pattern: 0.4, window: 0.25, motive: 0.2, constraints: 0.15 };
const NEUTRAL = 0.5;
const DAYPART_ORDER = ['morning', 'day', 'evening', 'night'];

export function momentParts(patterns: ActivityPattern[], brief: LinkupBrief, halfLifeDays: number, ageDays = 0): MomentParts {
  const pattern = patterns.find((p) => p.activity_key === brief.activity_key);
  return {
    pattern: pattern ? pattern.confidence * freshnessDecay(pattern.freshness_days + ageDays, halfLifeDays) : 0,
    window: windowFit(pattern ? pattern.preferred_windows : patterns.flatMap((p) => p.preferred_windows), brief),
    motive: pattern ? cosine(brief.motive_emphasis, pattern.motive_weights) : NEUTRAL,
    constraints: pattern ? constraintFit(brief.constraints, pattern.constraints) : NEUTRAL,
  };
}

export function momentFit(parts: MomentParts): number {
  return (
    MOMENT_WEIGHTS.pattern * parts.pattern +
    MOMENT_WEIGHTS.window * parts.window +
    MOMENT_WEIGHTS.motive * parts.motive +
    MOMENT_WEIGHTS.constraints * parts.constraints
  );
}

// Exact window 1; same daypart on the other kind of day 0.5; a neighbouring daypart the same kind of day 0.25.
export function windowFit(windows: string[], brief: LinkupBrief): number {
  if (windows.length === 0) return NEUTRAL;
  const { dayType, daypart } = splitTimeWindow(brief.time_window);
  const set = new Set(windows);
  if (set.has(`${dayType}_${daypart}`)) return 1;
  const other = dayType === 'weekend' ? 'weekday' : 'weekend';
  if (set.has(`${other}_${daypart}`)) return 0.5;
  const i = DAYPART_ORDER.indexOf(daypart);
  // Stryker disable next-line MethodExpression: equivalent, a missing neighbour would be looked up as "<day>_undefined", never a window
  const neighbours = [DAYPART_ORDER[i - 1], DAYPART_ORDER[i + 1]].filter(Boolean);
  if (neighbours.some((p) => set.has(`${dayType}_${p}`))) return 0.25;
  return 0;
}

export function cosine(a: Partial<Record<string, number>>, b: Partial<Record<string, number>>): number {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const k of keys) {
    const x = a[k] ?? 0;
    const y = b[k] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (na === 0 || nb === 0) return NEUTRAL;
  return dot / Math.sqrt(na * nb);
}

// Share of the constraints both sides state that agree; nothing in common is no conflict.
export function constraintFit(brief: Record<string, boolean>, pattern: Record<string, boolean>): number {
  const shared = Object.keys(brief).filter((k) => k in pattern);
  if (shared.length === 0) return 1;
  return shared.filter((k) => brief[k] === pattern[k]).length / shared.length;
}

// Fewer invites lately, a bigger boost: the full `fairness` weight for none, half for one ...
export function fairnessBoost(recentInvites: number, weights: MatchingWeights): number {
  return weights.fairness / (1 + Math.max(0, recentInvites));
}

export function finalScore(friend: number, moment: number, fairness: number, weights: MatchingWeights): number {
  return Math.min(1, Math.max(0, weights.friend * friend + weights.moment * moment + fairness));
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
