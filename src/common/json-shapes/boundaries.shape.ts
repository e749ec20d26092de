import { assertShape, ShapeChecker, type ShapeProblem } from './shape-utils';

// profiles.boundaries. Both keys are optional: `{}` means "nothing stated yet".
//   no_thanks         activity keys or tags the member never wants to be invited to ("drinks", "late_night")
//   hard_constraints  { constraint: required value }: `{ alcohol: false }` excludes every activity whose
//                     constraints say alcohol: true; `{ step_free: true }` requires step_free: true.
export interface Boundaries {
  no_thanks?: string[];
  hard_constraints?: Record<string, boolean>;
}

const FIELDS = ['no_thanks', 'hard_constraints'] as const;

export function validateBoundaries(value: unknown): ShapeProblem[] {
  const c = new ShapeChecker();
  if (!c.object(value, '$')) return c.problems;
  c.keys(value, '$', FIELDS);
  if ('no_thanks' in value) c.slugList(value.no_thanks, '$.no_thanks', 50);
  if ('hard_constraints' in value) c.flags(value.hard_constraints, '$.hard_constraints', 20);
  return c.problems;
}

export function assertBoundaries(value: unknown): asserts value is Boundaries {
  assertShape('boundaries', validateBoundaries(value));
}
