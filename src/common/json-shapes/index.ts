// Hand-written validators for the JSON columns. Each `validateX` returns every problem found
// ({ path, message }, empty when valid); each `assertX` throws JsonShapeError (code invalid_json_shape).
// Validate before every write: an invalid shape is refused, never stored.
export {
  assertShape,
  isPlainObject,
  isSlug,
  JsonShapeError,
  JsonShapeErrorCode,
  ShapeChecker,
  SLUG_RE,
  type ShapeProblem,
} from './shape-utils';
export {
  assertFingerprint,
  FINGERPRINT_FACTORS,
  isFingerprintFactor,
  validateFingerprint,
  type FactorValue,
  type Fingerprint,
  type FingerprintFactor,
} from './fingerprint.shape';
export {
  assertActivityPatterns,
  checkMotives,
  checkWindows,
  DAY_TYPES,
  DAYPARTS,
  isMotive,
  isPreferredWindow,
  MAX_ACTIVITY_PATTERNS,
  MOTIVES,
  PREFERRED_WINDOWS,
  validateActivityPatterns,
  windowToken,
  type ActivityPattern,
  type ActivityPatternsOptions,
  type Daypart,
  type DayType,
  type Motive,
  type PreferredWindow,
} from './activity-patterns.shape';
export { assertBoundaries, validateBoundaries, type Boundaries } from './boundaries.shape';
export {
  assertPreferences,
  GROUP_SIZE_MAX,
  GROUP_SIZE_MIN,
  RADIUS_KM_MAX,
  validatePreferences,
  type Preferences,
} from './preferences.shape';
export {
  assertLinkupBrief,
  BRIEF_DAYPARTS,
  BRIEF_DAYS,
  isTimeWindow,
  splitTimeWindow,
  timeWindow,
  validateLinkupBrief,
  type BriefDay,
  type BriefDaypart,
  type LinkupBrief,
  type TimeWindow,
} from './linkup-brief.shape';
export {
  assertExplainability,
  isMatchFilter,
  MATCH_FILTERS,
  TOP_REASONS_MAX,
  TOP_REASONS_MIN,
  validateExplainability,
  type Explainability,
  type MatchFilter,
} from './explainability.shape';
