import { assertExplainability, type Explainability } from '../../../common/json-shapes';
import { evaluateFilters } from './filters';
import type { CandidateSnapshot, FilterResult, MatchContext } from './matching.types';
import { topReasons } from './reasons';
import { fairnessBoost, finalScore, friendScore, momentFit, momentParts, round3, type MomentParts } from './scores';

export interface ScoredCandidate {
  userId: string;
  eligible: boolean; // passed every filter
  finalScore: number; // unrounded, for ranking
  explainability: Explainability;
}

interface Scored {
  candidate: CandidateSnapshot;
  filters: FilterResult;
  friend: ReturnType<typeof friendScore>;
  parts: MomentParts;
  moment: number;
  fairness: number;
  final: number;
}

function score(candidate: CandidateSnapshot, ctx: MatchContext): Scored {
  const { weights, brief } = ctx;
  const filters = evaluateFilters(candidate, ctx);
  const friend = friendScore(candidate.profile, ctx.group, weights.freshnessHalfLifeDays);
  const parts = momentParts(candidate.profile.activityPatterns, brief, weights.freshnessHalfLifeDays, candidate.profile.ageDays);
  const moment = momentFit(parts);
  const fairness = fairnessBoost(candidate.recentInvites, weights);
  return { candidate, filters, friend, parts, moment, fairness, final: finalScore(friend.score, moment, fairness, weights) };
}

// The explainability JSON: scores, filters and 2-3 reasons (built only for members it is stored for).
function explain(s: Scored, ctx: MatchContext): ScoredCandidate {
  const pattern = s.candidate.profile.activityPatterns.find((p) => p.activity_key === ctx.brief.activity_key);
  const explainability: Explainability = {
    friend_score: round3(s.friend.score),
    moment_fit: round3(s.moment),
    final_score: round3(s.final),
    fairness_boost: round3(s.fairness),
    filters: s.filters,
    top_reasons: topReasons({
      failed: s.filters.failed,
      comparisons: s.friend.comparisons,
      moment: s.parts,
      brief: ctx.brief,
      activity: ctx.activity,
      candidateMotives: pattern?.motive_weights ?? {},
    }),
  };
  return { userId: s.candidate.userId, eligible: s.filters.failed.length === 0, finalScore: s.final, explainability };
}

// Filters, scores and explains one candidate against the LinkUp.
export function scoreCandidate(candidate: CandidateSnapshot, ctx: MatchContext): ScoredCandidate {
  return explain(score(candidate, ctx), ctx);
}

// The best `size` eligible candidates, best first (ties by user id, so a wave is reproducible).
export function selectWave(candidates: CandidateSnapshot[], ctx: MatchContext, size: number): ScoredCandidate[] {
  if (size <= 0) return [];
  const scored = candidates.map((c) => score(c, ctx)).filter((s) => s.filters.failed.length === 0);
  scored.sort((a, b) => b.final - a.final || (a.candidate.userId < b.candidate.userId ? -1 : 1));
  const wave = scored.slice(0, size).map((s) => explain(s, ctx));
  for (const s of wave) assertExplainability(s.explainability);
  return wave;
}
