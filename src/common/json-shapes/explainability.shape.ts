import { assertShape, childPath, ShapeChecker, type ShapeProblem } from './shape-utils';

// linkup_invites.explainability: why a member was (or was not) invited (PRODUCT.md section 6).
//   friend_score, moment_fit, final_score   0..1
//   fairness_boost                          optional, 0..1: the part of final_score from the fairness term
//   filters { passed[], failed[] }          the matching filters, each named at most once across both lists
//   top_reasons                             2-3 short human phrases; never names or numbers (they can
//                                           end up in an SMS)
export const MATCH_FILTERS = [
  'region',
  'active',
  'sms_consent',
  'entitled',
  'not_on_hold',
  'profile_complete',
  'not_blocked',
  'boundaries',
  'available',
] as const;
export type MatchFilter = (typeof MATCH_FILTERS)[number];

export interface Explainability {
  friend_score: number;
  moment_fit: number;
  final_score: number;
  fairness_boost?: number;
  filters: { passed: MatchFilter[]; failed: MatchFilter[] };
  top_reasons: string[];
}

const FIELDS = ['friend_score', 'moment_fit', 'final_score', 'fairness_boost', 'filters', 'top_reasons'] as const;
const REQUIRED = ['friend_score', 'moment_fit', 'final_score', 'filters', 'top_reasons'] as const;
export const TOP_REASONS_MIN = 2;
export const TOP_REASONS_MAX = 3;
export const TOP_REASON_MAX_LENGTH = 80;

export function isMatchFilter(value: unknown): value is MatchFilter {
  return (MATCH_FILTERS as readonly unknown[]).includes(value);
}

export function validateExplainability(value: unknown): ShapeProblem[] {
  const c = new ShapeChecker();
  if (!c.object(value, '$')) return c.problems;
  c.keys(value, '$', FIELDS, REQUIRED);
  for (const key of ['friend_score', 'moment_fit', 'final_score'] as const) {
    if (key in value) c.unit(value[key], `$.${key}`);
  }
  if ('fairness_boost' in value) c.unit(value.fairness_boost, '$.fairness_boost');
  if ('filters' in value) checkFilters(c, value.filters);
  if ('top_reasons' in value) checkReasons(c, value.top_reasons);
  return c.problems;
}

function checkFilters(c: ShapeChecker, filters: unknown): void {
  if (!c.object(filters, '$.filters')) return;
  c.keys(filters, '$.filters', ['passed', 'failed'], ['passed', 'failed']);
  const seen = new Set<unknown>();
  for (const list of ['passed', 'failed'] as const) {
    const path = `$.filters.${list}`;
    const items = filters[list];
    if (!(list in filters) || !c.array(items, path, MATCH_FILTERS.length)) continue;
    items.forEach((item, i) => {
      const p = childPath(path, i);
      if (!isMatchFilter(item)) c.fail(p, `is not a matching filter (${MATCH_FILTERS.join(', ')})`);
      else if (seen.has(item)) c.fail(p, 'is listed more than once');
      seen.add(item);
    });
  }
}

function checkReasons(c: ShapeChecker, reasons: unknown): void {
  if (!c.array(reasons, '$.top_reasons', TOP_REASONS_MAX)) return;
  if (reasons.length < TOP_REASONS_MIN) c.fail('$.top_reasons', `must have at least ${TOP_REASONS_MIN} reasons`);
  reasons.forEach((reason, i) => {
    const p = childPath('$.top_reasons', i);
    if (typeof reason !== 'string' || reason.trim() === '') c.fail(p, 'must be a non-empty string');
    else if (reason.length > TOP_REASON_MAX_LENGTH) c.fail(p, `must be at most ${TOP_REASON_MAX_LENGTH} characters`);
    else if (/\d/.test(reason)) c.fail(p, 'must not contain digits (reasons never carry numbers)');
  });
}

export function assertExplainability(value: unknown): asserts value is Explainability {
  assertShape('explainability', validateExplainability(value));
}
