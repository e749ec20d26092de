// What other modules may use of profiles.
export { ProfileModule } from './profile.module';
export { ProfileService, type MatchingView, type BehaviourSignal, type ProfileSummary } from './profile.service';
export { ProfileError, ProfileErrorCode } from './profile.errors';
export { BEHAVIOUR_SIGNAL_KINDS, type BehaviourSignalKind } from './fingerprint/behaviour-signals';
export { freshnessDecay, effectiveConfidence } from './fingerprint/signal-math';
export { activityCatalog, ActivityCatalog, BASE_ACTIVITIES, type ActivityDefinition } from './activity-catalog';
export { isInterviewComplete, MATCHABLE_STATES } from './profile-state';
