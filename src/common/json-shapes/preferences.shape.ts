import { assertShape, isFiniteNumber, ShapeChecker, type ShapeProblem } from './shape-utils';

// profiles.preferences. Every key is optional; `{}` means "no preference stated".
export const GROUP_SIZE_MIN = 2;
export const GROUP_SIZE_MAX = 6;
export const RADIUS_KM_MAX = 200;

export interface Preferences {
  // Whole people including the member, GROUP_SIZE_MIN..GROUP_SIZE_MAX, min <= max.
  group_size?: { min: number; max: number };
  // How far the member will travel, in km (0 < radius_km <= RADIUS_KM_MAX).
  radius_km?: number;
}

const FIELDS = ['group_size', 'radius_km'] as const;

export function validatePreferences(value: unknown): ShapeProblem[] {
  const c = new ShapeChecker();
  if (!c.object(value, '$')) return c.problems;
  c.keys(value, '$', FIELDS);
  if ('group_size' in value) {
    const g = value.group_size;
    if (c.object(g, '$.group_size')) {
      c.keys(g, '$.group_size', ['min', 'max'], ['min', 'max']);
      if ('min' in g) c.integer(g.min, '$.group_size.min', GROUP_SIZE_MIN, GROUP_SIZE_MAX);
      if ('max' in g) c.integer(g.max, '$.group_size.max', GROUP_SIZE_MIN, GROUP_SIZE_MAX);
      if (typeof g.min === 'number' && typeof g.max === 'number' && g.min > g.max) {
        c.fail('$.group_size', 'min must not exceed max');
      }
    }
  }
  if ('radius_km' in value) {
    const r = value.radius_km;
    if (!isFiniteNumber(r)) c.fail('$.radius_km', 'must be a finite number');
    else if (r <= 0 || r > RADIUS_KM_MAX) c.fail('$.radius_km', `must be above 0 and at most ${RADIUS_KM_MAX}`);
  }
  return c.problems;
}

export function assertPreferences(value: unknown): asserts value is Preferences {
  assertShape('preferences', validatePreferences(value));
}
