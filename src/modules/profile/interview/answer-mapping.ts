import type { ActivityPattern, Daypart, FingerprintFactor, PreferredWindow } from '../../../common/json-shapes';
import type { ActivityCatalog } from '../activity-catalog';
import { applyFactorSignal, type SignalSettings } from '../fingerprint/signal-math';
import type { ProfileData } from '../profile-data';
import { sortWindows } from './step-matchers';
import type { InterviewOption, StepDef } from './interview-steps';

// Turns the options a member picked at one step into profile values. Pure.

export const INTERVIEW_SOURCE = 'interview';
// A pattern named in the interview starts here; behaviour signals move it later.
export const INTERVIEW_PATTERN_CONFIDENCE = 0.5;
// Chronotype (0 early bird .. 1 night owl) implied by each daypart a member is free in.
const DAYPART_CHRONOTYPE: Record<Daypart, number> = { morning: 0.1, day: 0.4, evening: 0.7, night: 0.95 };

export interface MappingContext {
  catalog: ActivityCatalog;
  signals: SignalSettings;
}

export interface MappedAnswer {
  data: ProfileData;
  // Fingerprint factors and other fields this answer set, for the profile event.
  changed: string[];
}

export function applyStepAnswer(def: StepDef, keys: string[], data: ProfileData, ctx: MappingContext): MappedAnswer {
  const picked = keys
    .map((k) => def.options.find((x) => x.key === k))
    .filter((x): x is InterviewOption => x !== undefined);
  switch (def.kind) {
    case 'activities':
      return applyActivities(def, picked, data, ctx);
    case 'times':
      return applyTimes(def, picked, data, ctx);
    case 'boundaries':
      return applyBoundaries(picked, data);
    case 'factors':
      return applyFactors(def, picked, data, ctx);
  }
}

function blend(
  data: ProfileData,
  def: StepDef,
  targets: Partial<Record<FingerprintFactor, number>>,
  ctx: MappingContext,
): { fingerprint: ProfileData['fingerprint']; changed: string[] } {
  const fingerprint = { ...data.fingerprint };
  const changed: string[] = [];
  for (const [factor, target] of Object.entries(targets) as Array<[FingerprintFactor, number]>) {
    const strength = def.strength[factor] ?? 0.5;
    fingerprint[factor] = applyFactorSignal(fingerprint[factor], { target, strength, source: INTERVIEW_SOURCE }, ctx.signals);
    changed.push(factor);
  }
  return { fingerprint, changed };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function applyFactors(def: StepDef, picked: InterviewOption[], data: ProfileData, ctx: MappingContext): MappedAnswer {
  const choice = picked[0];
  if (!choice) return { data, changed: [] };
  const { fingerprint, changed } = blend(data, def, choice.factors ?? {}, ctx);
  const preferences = { ...data.preferences };
  if (choice.groupSize) {
    preferences.group_size = { ...choice.groupSize };
    changed.push('preferences.group_size');
  }
  if (choice.radiusKm !== undefined) {
    preferences.radius_km = choice.radiusKm;
    changed.push('preferences.radius_km');
  }
  return { data: { ...data, fingerprint, preferences }, changed };
}

// The answer names the member's activities: new ones get a pattern from the catalog defaults,
// named ones are refreshed, and ones not named any more keep half their confidence.
function applyActivities(def: StepDef, picked: InterviewOption[], data: ProfileData, ctx: MappingContext): MappedAnswer {
  const chosen = picked.map((x) => x.activityKey).filter((k): k is string => !!k);
  if (!chosen.length) return { data, changed: [] };
  const windows = memberWindows(data.activity_patterns);
  const byKey = new Map(data.activity_patterns.map((p) => [p.activity_key, p]));
  const patterns: ActivityPattern[] = [];
  for (const key of chosen) {
    const existing = byKey.get(key);
    if (existing) {
      patterns.push({ ...existing, confidence: Math.max(existing.confidence, INTERVIEW_PATTERN_CONFIDENCE), freshness_days: 0 });
    } else {
      patterns.push(newPattern(ctx.catalog, key, windows, INTERVIEW_PATTERN_CONFIDENCE));
    }
  }
  for (const p of data.activity_patterns) {
    if (!chosen.includes(p.activity_key)) patterns.push({ ...p, confidence: Math.round(p.confidence * 500) / 1000 });
  }
  const energies = chosen.map((k) => ctx.catalog.get(k)?.energy).filter((e): e is number => e !== undefined);
  const { fingerprint, changed } = energies.length
    ? blend(data, def, { activity_level: mean(energies) }, ctx)
    : { fingerprint: data.fingerprint, changed: [] as string[] };
  return { data: { ...data, fingerprint, activity_patterns: patterns }, changed: ['activity_patterns', ...changed] };
}

export function newPattern(catalog: ActivityCatalog, key: string, windows: PreferredWindow[], confidence: number): ActivityPattern {
  const def = catalog.get(key);
  return {
    activity_key: key,
    motive_weights: { ...(def?.motives ?? {}) },
    constraints: { ...(def?.constraints ?? {}) },
    preferred_windows: [...windows],
    confidence,
    freshness_days: 0,
  };
}

// The windows a member said they are free in, carried on every pattern (the times step sets them all).
export function memberWindows(patterns: ActivityPattern[]): PreferredWindow[] {
  return sortWindows(patterns.flatMap((p) => p.preferred_windows));
}

function applyTimes(def: StepDef, picked: InterviewOption[], data: ProfileData, ctx: MappingContext): MappedAnswer {
  const windows = sortWindows(picked.flatMap((x) => x.windows ?? []));
  if (!windows.length) return { data, changed: [] };
  const activity_patterns = data.activity_patterns.map((p) => ({ ...p, preferred_windows: [...windows], freshness_days: 0 }));
  const chronotype = mean(windows.map((w) => DAYPART_CHRONOTYPE[w.split('_')[1] as Daypart]));
  const { fingerprint, changed } = blend(data, def, { chronotype }, ctx);
  return {
    data: { ...data, fingerprint, activity_patterns },
    changed: [...(activity_patterns.length ? ['activity_patterns.preferred_windows'] : []), ...changed],
  };
}

// The boundary answer replaces the stated boundaries ("nothing" clears them).
function applyBoundaries(picked: InterviewOption[], data: ProfileData): MappedAnswer {
  const noThanks = [...new Set(picked.flatMap((x) => x.noThanks ?? []))];
  const hard: Record<string, boolean> = {};
  for (const x of picked) Object.assign(hard, x.hardConstraints ?? {});
  return { data: { ...data, boundaries: { no_thanks: noThanks, hard_constraints: hard } }, changed: ['boundaries'] };
}
