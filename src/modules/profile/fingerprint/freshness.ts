import type { ActivityPattern, Fingerprint } from '../../../common/json-shapes';

// freshness_days is stored "as of the profile row's updated_at". Before a write, everything is
// aged by the whole days since then (rebase); what the write touches then starts again at 0.
export function ageFingerprint(fingerprint: Fingerprint, days: number): Fingerprint {
  if (days <= 0) return fingerprint;
  const out: Fingerprint = {};
  for (const [k, f] of Object.entries(fingerprint) as Array<[keyof Fingerprint, NonNullable<Fingerprint[keyof Fingerprint]>]>) {
    out[k] = { ...f, freshness_days: f.freshness_days + days };
  }
  return out;
}

export function agePatterns(patterns: ActivityPattern[], days: number): ActivityPattern[] {
  if (days <= 0) return patterns;
  return patterns.map((p) => ({ ...p, freshness_days: p.freshness_days + days }));
}

// Days since the freshest signal, as of the row's updated_at (null: no signal yet).
export function freshestSignalDays(fingerprint: Fingerprint, patterns: ActivityPattern[]): number | null {
  const ages = [
    ...Object.values(fingerprint).map((f) => f!.freshness_days),
    ...patterns.map((p) => p.freshness_days),
  ];
  return ages.length ? Math.min(...ages) : null;
}
