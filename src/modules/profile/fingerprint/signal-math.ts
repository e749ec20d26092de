import type { FactorValue } from '../../../common/json-shapes';

// How signals move a factor. One rule for every source (interview answers, behaviour):
//   the old value keeps a weight equal to its confidence after freshness decay, the signal brings
//   its strength; value' = weighted mean, confidence' = 1 - (1 - c)(1 - strength) (capped),
//   sources' = each source's share of that weight. A small strength (behaviour) moves the value a
//   little and raises confidence a little; an optional maxShift caps the move per signal.
export interface SignalSettings {
  // Days after which a signal counts half (exponential decay of confidence).
  halfLifeDays: number;
  maxConfidence: number;
}

export interface FactorSignal {
  target: number;
  strength: number;
  source: string;
  // Largest change of range_value this one signal may cause.
  maxShift?: number;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export function freshnessDecay(ageDays: number, halfLifeDays: number): number {
  if (ageDays <= 0) return 1;
  return Math.pow(0.5, ageDays / halfLifeDays);
}

// What a factor's confidence is worth `extraDays` after the stored freshness.
export function effectiveConfidence(factor: FactorValue, halfLifeDays: number, extraDays = 0): number {
  return factor.confidence * freshnessDecay(factor.freshness_days + extraDays, halfLifeDays);
}

export function applyFactorSignal(current: FactorValue | undefined, signal: FactorSignal, settings: SignalSettings): FactorValue {
  const strength = clamp01(signal.strength);
  const target = clamp01(signal.target);
  if (!current) {
    return {
      range_value: round3(target),
      confidence: round3(Math.min(settings.maxConfidence, strength)),
      freshness_days: 0,
      sources: { [signal.source]: 1 },
    };
  }
  const c0 = effectiveConfidence(current, settings.halfLifeDays);
  const total = c0 + strength;
  let value = total > 0 ? (c0 * current.range_value + strength * target) / total : target;
  if (signal.maxShift !== undefined) {
    const shift = Math.max(-signal.maxShift, Math.min(signal.maxShift, value - current.range_value));
    value = current.range_value + shift;
  }
  const confidence = Math.min(settings.maxConfidence, Math.max(c0, 1 - (1 - c0) * (1 - strength)));
  return {
    range_value: round3(clamp01(value)),
    confidence: round3(confidence),
    freshness_days: 0,
    sources: mixSources(current.sources, c0, signal.source, strength),
  };
}

function mixSources(old: Record<string, number>, oldWeight: number, source: string, weight: number): Record<string, number> {
  const total = oldWeight + weight;
  if (total <= 0) return { [source]: 1 };
  const mixed: Record<string, number> = {};
  const oldTotal = Object.values(old).reduce((a, b) => a + b, 0) || 1;
  for (const [k, share] of Object.entries(old)) mixed[k] = ((share / oldTotal) * oldWeight) / total;
  mixed[source] = (mixed[source] ?? 0) + weight / total;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(mixed)) if (v >= 0.001) out[k] = round3(v);
  return Object.keys(out).length ? out : { [source]: 1 };
}

// Whole calendar days (UTC) from `from` to `to`: counting midnights, so ages add up exactly
// however often a profile is written.
export function utcDayDiff(from: Date, to: Date): number {
  const day = 86_400_000;
  return Math.max(0, Math.floor(to.getTime() / day) - Math.floor(from.getTime() / day));
}
