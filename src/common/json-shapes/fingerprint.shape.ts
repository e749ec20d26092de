import { assertShape, childPath, isSlug, ShapeChecker, type ShapeProblem } from './shape-utils';

// profiles.fingerprint: the Friend Fingerprint (PRODUCT.md section 5). Only these 12 factor keys
// are allowed; a factor is absent until a first signal sets it (an empty profile stores `{}`).
export const FINGERPRINT_FACTORS = [
  'connection_depth',
  'social_pace',
  'social_energy',
  'group_comfort',
  'novelty',
  'structure',
  'activity_level',
  'humor',
  'curiosity',
  'chronotype',
  'reliability',
  'conversation_balance',
] as const;
export type FingerprintFactor = (typeof FINGERPRINT_FACTORS)[number];

export interface FactorValue {
  // Position on the factor's axis, 0..1 (e.g. chronotype 0 = early bird, 1 = night owl).
  range_value: number;
  // How sure we are, 0..1, before freshness decay.
  confidence: number;
  // Whole days since the last signal, as of the profile row's updated_at.
  freshness_days: number;
  // Share of the evidence per source (interview, invite_accepted ...), each 0..1.
  sources: Record<string, number>;
}

export type Fingerprint = Partial<Record<FingerprintFactor, FactorValue>>;

const FACTOR_FIELDS = ['range_value', 'confidence', 'freshness_days', 'sources'] as const;
const MAX_SOURCES = 16;

export function isFingerprintFactor(key: string): key is FingerprintFactor {
  return (FINGERPRINT_FACTORS as readonly string[]).includes(key);
}

export function validateFingerprint(value: unknown): ShapeProblem[] {
  const c = new ShapeChecker();
  if (!c.object(value, '$')) return c.problems;
  for (const [key, factor] of Object.entries(value)) {
    const path = childPath('$', key);
    if (!isFingerprintFactor(key)) {
      c.fail(path, 'is not one of the 12 fingerprint factors');
      continue;
    }
    checkFactor(c, factor, path);
  }
  return c.problems;
}

function checkFactor(c: ShapeChecker, factor: unknown, path: string): void {
  if (!c.object(factor, path)) return;
  c.keys(factor, path, FACTOR_FIELDS, FACTOR_FIELDS);
  if ('range_value' in factor) c.unit(factor.range_value, `${path}.range_value`);
  if ('confidence' in factor) c.unit(factor.confidence, `${path}.confidence`);
  if ('freshness_days' in factor) c.integer(factor.freshness_days, `${path}.freshness_days`, 0);
  if (!('sources' in factor)) return;
  const sources = factor.sources;
  const sp = `${path}.sources`;
  if (!c.object(sources, sp)) return;
  const keys = Object.keys(sources);
  if (keys.length === 0) c.fail(sp, 'must name at least one source');
  if (keys.length > MAX_SOURCES) c.fail(sp, `must have at most ${MAX_SOURCES} sources`);
  for (const key of keys) {
    const p = childPath(sp, key);
    if (!isSlug(key)) c.fail(p, 'key must be a snake_case identifier');
    c.unit(sources[key], p);
  }
}

export function assertFingerprint(value: unknown): asserts value is Fingerprint {
  assertShape('fingerprint', validateFingerprint(value));
}
