import type { ActivityPattern, Boundaries, Fingerprint, Preferences } from '../../common/json-shapes';

// The four JSON columns of a profile, as the rules see them.
export interface ProfileData {
  fingerprint: Fingerprint;
  activity_patterns: ActivityPattern[];
  boundaries: Boundaries;
  preferences: Preferences;
}

export function emptyProfileData(): ProfileData {
  return { fingerprint: {}, activity_patterns: [], boundaries: {}, preferences: {} };
}
