import type {
  ActivityPattern,
  Boundaries,
  Fingerprint,
  LinkupBrief,
  MatchFilter,
} from '../../../common/json-shapes';
import type { ActivityEntry } from '../forming/activity-catalog';

// What matching knows of a member's profile (the parts of ProfileService's matching view it scores on).
export interface MatchProfile {
  fingerprint: Fingerprint;
  activityPatterns: ActivityPattern[];
  boundaries: Boundaries;
  // Whole days since the profile row was written: its freshness_days are "as of" then.
  ageDays: number;
}

// Facts about one candidate, gathered in SQL; the filters decide on them (and on the profile).
export interface CandidateFacts {
  inRegion: boolean;
  userActive: boolean; // users.state = active, not suspended or deleted
  smsConsent: boolean;
  entitled: boolean; // eligible_to_participate now
  onHold: boolean; // a soft or hard hold in force
  profileComplete: boolean; // complete_mvp, complete_full or stale
  blockedWithGroup: boolean; // a block either way with the initiator or a confirmed participant
  hasPendingInvite: boolean;
  busyAtEventTime: boolean; // confirmed in another open LinkUp at an overlapping time
  inConversation: boolean; // in another SMS flow (interview, forming, answering): a YES would be ambiguous
}

// Facts of a candidate who passes every filter: what the SQL prefilter guarantees.
export const ALL_FILTERS_PASSED: Readonly<CandidateFacts> = {
  inRegion: true,
  userActive: true,
  smsConsent: true,
  entitled: true,
  onHold: false,
  profileComplete: true,
  blockedWithGroup: false,
  hasPendingInvite: false,
  busyAtEventTime: false,
  inConversation: false,
};

export interface CandidateSnapshot extends CandidateFacts {
  userId: string;
  profile: MatchProfile;
  recentInvites: number; // invites received inside the fairness window
}

export interface MatchingWeights {
  friend: number;
  moment: number;
  fairness: number; // the largest boost a never-invited member gets
  freshnessHalfLifeDays: number;
}

export const DEFAULT_WEIGHTS: MatchingWeights = { friend: 0.6, moment: 0.4, fairness: 0.05, freshnessHalfLifeDays: 180 };

// The LinkUp a wave is chosen for.
export interface MatchContext {
  brief: LinkupBrief;
  activity: ActivityEntry;
  // The initiator first, then confirmed participants: friend_score compares with all of them.
  group: MatchProfile[];
  weights: MatchingWeights;
}

export interface FilterResult {
  passed: MatchFilter[];
  failed: MatchFilter[];
}
