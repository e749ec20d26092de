import { MATCH_FILTERS, splitTimeWindow, type Boundaries, type LinkupBrief, type MatchFilter } from '../../../common/json-shapes';
import type { ActivityEntry } from '../forming/activity-catalog';
import type { CandidateSnapshot, FilterResult, MatchContext } from './matching.types';

// The filters of PRODUCT.md section 6, in its order. Each is a pure predicate over the snapshot;
// the candidate query applies the same rules in SQL to keep pools small, and these run again on
// every fetched candidate so the invite records exactly which passed.
type Filter = (c: CandidateSnapshot, ctx: MatchContext) => boolean;

const FILTERS: Record<MatchFilter, Filter> = {
  region: (c) => c.inRegion,
  active: (c) => c.userActive,
  sms_consent: (c) => c.smsConsent,
  entitled: (c) => c.entitled,
  not_on_hold: (c) => !c.onHold,
  profile_complete: (c) => c.profileComplete,
  not_blocked: (c) => !c.blockedWithGroup,
  boundaries: (c, ctx) => boundariesAllow(c.profile.boundaries, ctx.brief, ctx.activity),
  available: (c) => !c.hasPendingInvite && !c.busyAtEventTime && !c.inConversation,
};

export function evaluateFilters(candidate: CandidateSnapshot, ctx: MatchContext): FilterResult {
  const result: FilterResult = { passed: [], failed: [] };
  for (const name of MATCH_FILTERS) (FILTERS[name](candidate, ctx) ? result.passed : result.failed).push(name);
  return result;
}

// Tags a member may have said no thanks to: the activity itself, its tags, what the plan says is
// true of it (alcohol, loud ...), and the time of day.
export function boundaryTags(brief: LinkupBrief, activity: ActivityEntry): string[] {
  const { dayType, daypart } = splitTimeWindow(brief.time_window);
  const stated = Object.keys(brief.constraints).filter((k) => brief.constraints[k] === true);
  const tags = new Set([brief.activity_key, ...activity.tags, ...stated, `${dayType}_${daypart}`]);
  if (daypart === 'night') tags.add('late_night');
  return [...tags];
}

// no_thanks must not name the activity, its tags or the time; each hard constraint must hold:
// `{ alcohol: false }` refuses a plan that says alcohol: true, `{ step_free: true }` needs step_free: true.
export function boundariesAllow(boundaries: Boundaries, brief: LinkupBrief, activity: ActivityEntry): boolean {
  // Stryker disable next-line ArrayDeclaration: equivalent, a placeholder item ("Stryker was here") is never a tag (tags are slugs)
  const noThanks = new Set(boundaries.no_thanks ?? []);
  if (boundaryTags(brief, activity).some((t) => noThanks.has(t))) return false;
  for (const [key, required] of Object.entries(boundaries.hard_constraints ?? {})) {
    const stated = brief.constraints[key];
    if (required ? stated !== true : stated === true) return false;
  }
  return true;
}
