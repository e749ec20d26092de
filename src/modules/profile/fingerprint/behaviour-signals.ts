import { MAX_ACTIVITY_PATTERNS, type FingerprintFactor } from '../../../common/json-shapes';
import type { ActivityCatalog } from '../activity-catalog';
import { memberWindows, newPattern } from '../interview/answer-mapping';
import type { ProfileData } from '../profile-data';
import { applyFactorSignal, type SignalSettings } from './signal-math';

// What members do, as small nudges: each signal moves a few factors a little toward a target
// (capped per signal) and adjusts the activity's pattern confidence.
export const BEHAVIOUR_SIGNAL_KINDS = ['invite_accepted', 'invite_declined', 'do_again', 'not_again'] as const;
export type BehaviourSignalKind = (typeof BEHAVIOUR_SIGNAL_KINDS)[number];

interface BehaviourRule {
  factors: Array<{ factor: FingerprintFactor; target: number; strength: number }>;
  // Added to the activity pattern's confidence (floor PATTERN_FLOOR, ceiling maxConfidence).
  patternDelta: number;
  // Confidence of a pattern created for an activity the member had not named (null: never create).
  createPatternAt: number | null;
}

export const BEHAVIOUR_RULES: Record<BehaviourSignalKind, BehaviourRule> = {
  // Saying yes to meeting strangers: a faster social pace; the activity appeals.
  invite_accepted: { factors: [{ factor: 'social_pace', target: 1, strength: 0.05 }], patternDelta: 0.05, createPatternAt: 0.2 },
  // A no is often about timing, so it counts for less.
  invite_declined: { factors: [{ factor: 'social_pace', target: 0, strength: 0.03 }], patternDelta: -0.03, createPatternAt: null },
  // Went and would go again: showed up (reliability), liked the activity.
  do_again: { factors: [{ factor: 'reliability', target: 1, strength: 0.08 }], patternDelta: 0.1, createPatternAt: 0.3 },
  // Went, would not repeat: still showed up; the activity appeals less.
  not_again: { factors: [{ factor: 'reliability', target: 1, strength: 0.05 }], patternDelta: -0.1, createPatternAt: null },
};

const PATTERN_FLOOR = 0.05;

export interface BehaviourSettings extends SignalSettings {
  // Largest move of a factor's range_value per signal.
  maxShift: number;
  // Scales every behaviour strength (1 = as tabled above).
  weight: number;
}

export function applyBehaviour(
  data: ProfileData,
  kind: BehaviourSignalKind,
  activityKey: string | undefined,
  catalog: ActivityCatalog,
  settings: BehaviourSettings,
): { data: ProfileData; changed: string[] } {
  const rule = BEHAVIOUR_RULES[kind];
  const fingerprint = { ...data.fingerprint };
  const changed: string[] = [];
  for (const { factor, target, strength } of rule.factors) {
    fingerprint[factor] = applyFactorSignal(
      fingerprint[factor],
      { target, strength: strength * settings.weight, source: kind, maxShift: settings.maxShift },
      settings,
    );
    changed.push(factor);
  }
  let patterns = data.activity_patterns;
  if (activityKey) {
    const existing = patterns.find((p) => p.activity_key === activityKey);
    const round = (x: number) => Math.round(x * 1000) / 1000;
    if (existing) {
      const confidence = Math.min(settings.maxConfidence, Math.max(PATTERN_FLOOR, existing.confidence + rule.patternDelta * settings.weight));
      patterns = patterns.map((p) => (p === existing ? { ...p, confidence: round(confidence), freshness_days: 0 } : p));
      changed.push(`activity_patterns.${activityKey}`);
    } else if (rule.createPatternAt !== null && patterns.length < MAX_ACTIVITY_PATTERNS) {
      patterns = [...patterns, newPattern(catalog, activityKey, memberWindows(patterns), rule.createPatternAt)];
      changed.push(`activity_patterns.${activityKey}`);
    }
  }
  return { data: { ...data, fingerprint, activity_patterns: patterns }, changed };
}
