import {
  assertActivityPatterns,
  assertBoundaries,
  assertFingerprint,
  assertPreferences,
  FINGERPRINT_FACTORS,
  PREFERRED_WINDOWS,
  type ActivityPattern,
  type Boundaries,
  type Fingerprint,
  type Preferences,
  type PreferredWindow,
} from '../../../common/json-shapes';
import { BASE_ACTIVITIES, type ActivityDefinition } from '../../profile';
import { personaFor, seededNumber, type Persona } from '../personas';
import { seededRandom } from '../../../common/random';

// The demo city's crowd (npm run seed:demo): member #i is always the same person with the same
// complete profile, so a rerun recognises who is already there. Profiles are varied on purpose
// (archetypes, activities, times, boundaries) so matching has real choices to explain, and every
// JSON column passes the same validators the app writes with.

export interface DemoMember {
  index: number;
  phone: string;
  persona: Persona;
  profileState: 'complete_mvp' | 'complete_full';
  fingerprint: Fingerprint;
  activityPatterns: ActivityPattern[];
  boundaries: Boundaries;
  preferences: Preferences;
}

const rng = seededRandom;

const round = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;

function sample<T>(r: () => number, items: readonly T[], n: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

// A few kinds of people, each a centre for the 12 factors (the rest is noise around it).
const ARCHETYPES: ReadonlyArray<Partial<Record<(typeof FINGERPRINT_FACTORS)[number], number>>> = [
  { social_energy: 0.8, group_comfort: 0.8, humor: 0.8, novelty: 0.7, social_pace: 0.7 }, // the organiser
  { social_energy: 0.3, group_comfort: 0.3, connection_depth: 0.85, conversation_balance: 0.3, structure: 0.7 }, // the deep talker
  { activity_level: 0.85, novelty: 0.8, chronotype: 0.2, reliability: 0.8 }, // the early adventurer
  { curiosity: 0.85, novelty: 0.6, conversation_balance: 0.4, activity_level: 0.3 }, // the curious one
  { social_pace: 0.3, structure: 0.3, chronotype: 0.8, humor: 0.7 }, // the easygoing night owl
];

const WEEKEND_HEAVY: readonly PreferredWindow[] = ['weekend_morning', 'weekend_day', 'weekday_evening'];
const BOUNDARY_TAGS = ['late_night', 'loud', 'alcohol', 'physical', 'pricey'];
const LISTED: readonly ActivityDefinition[] = BASE_ACTIVITIES.filter((a) => a.listed);
const COFFEE = LISTED.find((a) => a.key === 'coffee')!;

function fingerprintFor(r: () => number, archetype: number): Fingerprint {
  const centre = ARCHETYPES[archetype];
  const fp: Fingerprint = {};
  for (const f of FINGERPRINT_FACTORS) {
    const c = centre[f] ?? 0.5;
    fp[f] = {
      range_value: round(c + (r() - 0.5) * 0.35),
      confidence: round(0.45 + 0.45 * r()),
      freshness_days: Math.floor(r() * 45),
      sources: { interview: 1 },
    };
  }
  return fp;
}

function patternsFor(r: () => number): ActivityPattern[] {
  // Most people like coffee (the demo's first LinkUp), plus one to three other things.
  const others = sample(r, LISTED.filter((a) => a.key !== 'coffee'), 1 + Math.floor(r() * 3));
  const chosen = r() < 0.7 ? [COFFEE, ...others] : others;
  const windows = r() < 0.6 ? sample(r, WEEKEND_HEAVY, 1 + Math.floor(r() * 3)) : sample(r, PREFERRED_WINDOWS, 1 + Math.floor(r() * 3));
  return chosen.map((a) => ({
    activity_key: a.key,
    motive_weights: Object.fromEntries(Object.entries(a.motives).map(([m, w]) => [m, round((w ?? 0.5) + (r() - 0.5) * 0.3)])),
    constraints: { ...a.constraints },
    preferred_windows: [...windows],
    confidence: round(0.4 + 0.4 * r()),
    freshness_days: Math.floor(r() * 45),
  }));
}

function boundariesFor(r: () => number): Boundaries {
  const x = r();
  if (x < 0.12) return { no_thanks: [sample(r, BOUNDARY_TAGS, 1)[0]] };
  if (x < 0.18) return { no_thanks: ['alcohol'], hard_constraints: { alcohol: false } };
  return {};
}

function preferencesFor(r: () => number): Preferences {
  const sizes = [{ min: 2, max: 3 }, { min: 3, max: 4 }, { min: 4, max: 6 }, { min: 2, max: 6 }];
  return { group_size: sizes[Math.floor(r() * sizes.length)], radius_km: [2, 5, 16, 40][Math.floor(r() * 4)] };
}

export function demoMember(index: number): DemoMember {
  const r = rng(0x5eed0000 + index);
  const member: DemoMember = {
    index,
    phone: seededNumber(index),
    persona: personaFor(index * 13 + 7),
    profileState: r() < 0.75 ? 'complete_full' : 'complete_mvp',
    fingerprint: fingerprintFor(r, Math.floor(r() * ARCHETYPES.length)),
    activityPatterns: patternsFor(r),
    boundaries: boundariesFor(r),
    preferences: preferencesFor(r),
  };
  assertFingerprint(member.fingerprint);
  assertActivityPatterns(member.activityPatterns);
  assertBoundaries(member.boundaries);
  assertPreferences(member.preferences);
  return member;
}
