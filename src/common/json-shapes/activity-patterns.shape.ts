import { assertShape, childPath, ShapeChecker, type ShapeProblem } from './shape-utils';

// Why people do an activity. Shared by activity patterns and LinkUp briefs (motive emphasis).
export const MOTIVES = ['connection', 'comfort', 'fun', 'adventure', 'learning', 'fitness', 'calm'] as const;
export type Motive = (typeof MOTIVES)[number];

// Time windows: `{day type}_{daypart}`, exactly one of these eight tokens, lower case:
//   day type  weekday = Monday-Friday, weekend = Saturday-Sunday
//   daypart   morning = 06:00-11:00, day = 11:00-17:00, evening = 17:00-22:00, night = 22:00-02:00
// (local time of the member's region). A bare daypart such as "morning" is not a token.
export const DAY_TYPES = ['weekday', 'weekend'] as const;
export type DayType = (typeof DAY_TYPES)[number];
export const DAYPARTS = ['morning', 'day', 'evening', 'night'] as const;
export type Daypart = (typeof DAYPARTS)[number];
export type PreferredWindow = `${DayType}_${Daypart}`;
export const PREFERRED_WINDOWS: readonly PreferredWindow[] = DAY_TYPES.flatMap((d) =>
  DAYPARTS.map((p) => `${d}_${p}` as PreferredWindow),
);

export function windowToken(dayType: DayType, daypart: Daypart): PreferredWindow {
  return `${dayType}_${daypart}`;
}

export function isPreferredWindow(value: unknown): value is PreferredWindow {
  return (PREFERRED_WINDOWS as readonly unknown[]).includes(value);
}

export function isMotive(value: unknown): value is Motive {
  return (MOTIVES as readonly unknown[]).includes(value);
}

export interface ActivityPattern {
  activity_key: string;
  motive_weights: Partial<Record<Motive, number>>;
  // Facts about how the member wants this activity: { quiet: true, indoor: true }.
  constraints: Record<string, boolean>;
  preferred_windows: PreferredWindow[];
  confidence: number;
  freshness_days: number;
}

export interface ActivityPatternsOptions {
  // When given, activity keys must be in it (the catalog); otherwise any snake_case key is accepted,
  // so a pattern stored under a retired or newer catalog entry stays valid.
  activityKeys?: ReadonlySet<string>;
}

const PATTERN_FIELDS = [
  'activity_key',
  'motive_weights',
  'constraints',
  'preferred_windows',
  'confidence',
  'freshness_days',
] as const;
export const MAX_ACTIVITY_PATTERNS = 40;

export function validateActivityPatterns(value: unknown, options: ActivityPatternsOptions = {}): ShapeProblem[] {
  const c = new ShapeChecker();
  if (!c.array(value, '$', MAX_ACTIVITY_PATTERNS)) return c.problems;
  const seen = new Set<unknown>();
  value.forEach((pattern, i) => {
    const path = childPath('$', i);
    if (!c.object(pattern, path)) return;
    c.keys(pattern, path, PATTERN_FIELDS, PATTERN_FIELDS);
    const key = pattern.activity_key;
    if ('activity_key' in pattern) {
      c.slug(key, `${path}.activity_key`);
      if (typeof key === 'string' && options.activityKeys && !options.activityKeys.has(key)) {
        c.fail(`${path}.activity_key`, 'is not in the activity catalog');
      }
      if (seen.has(key)) c.fail(`${path}.activity_key`, 'appears in more than one pattern');
      seen.add(key);
    }
    if ('motive_weights' in pattern) checkMotives(c, pattern.motive_weights, `${path}.motive_weights`);
    if ('constraints' in pattern) c.flags(pattern.constraints, `${path}.constraints`, 20);
    if ('preferred_windows' in pattern) checkWindows(c, pattern.preferred_windows, `${path}.preferred_windows`);
    if ('confidence' in pattern) c.unit(pattern.confidence, `${path}.confidence`);
    if ('freshness_days' in pattern) c.integer(pattern.freshness_days, `${path}.freshness_days`, 0);
  });
  return c.problems;
}

// { motive: 0..1 } with motives from MOTIVES; exported for shapes that carry a motive emphasis.
export function checkMotives(c: ShapeChecker, value: unknown, path: string): void {
  if (!c.object(value, path)) return;
  for (const [motive, weight] of Object.entries(value)) {
    const p = childPath(path, motive);
    if (!isMotive(motive)) c.fail(p, `is not a motive (${MOTIVES.join(', ')})`);
    c.unit(weight, p);
  }
}

export function checkWindows(c: ShapeChecker, value: unknown, path: string): void {
  if (!c.array(value, path, PREFERRED_WINDOWS.length)) return;
  const seen = new Set<unknown>();
  value.forEach((token, i) => {
    const p = childPath(path, i);
    if (!isPreferredWindow(token)) c.fail(p, 'must be {weekday|weekend}_{morning|day|evening|night}');
    else if (seen.has(token)) c.fail(p, 'is a duplicate');
    seen.add(token);
  });
}

export function assertActivityPatterns(
  value: unknown,
  options: ActivityPatternsOptions = {},
): asserts value is ActivityPattern[] {
  assertShape('activity_patterns', validateActivityPatterns(value, options));
}
