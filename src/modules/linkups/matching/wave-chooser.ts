import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { LinkupBrief } from '../../../common/json-shapes';
import type { ActivityCatalog } from '../forming/activity-catalog';
import type { LinkupsSettings } from '../linkups.settings';
import { CandidateCache } from './candidate-cache';
import { CandidatesRepository, type CandidateQuery } from './candidates.repository';
import { boundaryTags, evaluateFilters } from './filters';
import type { CandidateSnapshot, MatchContext } from './matching.types';
import { scoreCandidate, selectWave, type ScoredCandidate } from './wave-selector';

// What matching needs of a LinkUp.
export interface LinkupForMatching {
  id: string | null;
  regionId: string;
  brief: LinkupBrief;
  eventTime: Date;
  groupUserIds: string[]; // initiator first, then confirmed participants
}

const MIN_UUID = '00000000-0000-0000-0000-000000000000';
// The pre-scored pool is never smaller than this, whatever the wave size.
const MIN_PREPOOL = 20;
// If too few of the first pre-scored members pass the filters, this many times as many are tried.
const PREPOOL_WIDENING = 8;

// Chooses a wave: a candidate pool (the cache's best pre-scored members, or a walk through the
// region), the exact SQL filters on it, then filters, scores and ranking in memory.
export class WaveChooser {
  constructor(
    private readonly candidates: CandidatesRepository,
    private readonly settings: LinkupsSettings,
    private readonly catalog: ActivityCatalog,
    readonly cache: CandidateCache = new CandidateCache(candidates, settings),
  ) {}

  async choose(linkup: LinkupForMatching, size: number, now: Date, manager?: EntityManager): Promise<ScoredCandidate[]> {
    if (size <= 0) return [];
    const ctx = await this.context(linkup, now, manager);
    const pool = await this.candidatePool(linkup, size, now, manager, ctx);
    return selectWave(pool, ctx, size);
  }

  // The wave among the named members only, through the same filters and scores (the bench's
  // exhaustive reference: every member of the region ranked by final_score).
  async chooseAmong(linkup: LinkupForMatching, userIds: string[], size: number, now: Date, manager?: EntityManager): Promise<ScoredCandidate[]> {
    if (size <= 0) return [];
    const ctx = await this.context(linkup, now, manager);
    const pool = await this.candidates.filterPool(this.query(linkup, ctx, now), userIds, manager);
    return selectWave(pool, ctx, size);
  }

  // The members a wave of `size` is chosen from, each past every SQL-side filter. From the cache:
  // the best MATCH_PREPOOL_FACTOR x size by pre-score, filtered; if fewer than `size` pass, the
  // next ones up to PREPOOL_WIDENING times as many; if still too few (or the cache is cold), the walk.
  async candidatePool(
    linkup: LinkupForMatching,
    size: number,
    now: Date,
    manager?: EntityManager,
    context?: MatchContext,
  ): Promise<CandidateSnapshot[]> {
    const ctx = context ?? (await this.context(linkup, now, manager));
    const query = this.query(linkup, ctx, now);
    const vectors = await this.cache.vectors(linkup.regionId);
    const pool: CandidateSnapshot[] = [];
    if (vectors) {
      const k = Math.max(MIN_PREPOOL, size * this.settings.MATCH_PREPOOL_FACTOR);
      const ranked = vectors.top(
        { brief: linkup.brief, group: ctx.group, weights: ctx.weights, now, exclude: new Set(linkup.groupUserIds), limit: k * PREPOOL_WIDENING },
        query.boundaryTags,
      );
      // The SQL filters, then the ones only JavaScript decides (hard constraints of boundaries).
      const passing = async (ids: string[]) =>
        (await this.candidates.filterPool(query, ids, manager)).filter((c) => evaluateFilters(c, ctx).failed.length === 0);
      pool.push(...(await passing(ranked.slice(0, k))));
      if (pool.length < size && ranked.length > k) pool.push(...(await passing(ranked.slice(k))));
      if (pool.length >= size || ranked.length < k * PREPOOL_WIDENING) return pool;
    }
    const seen = new Set(pool.map((c) => c.userId));
    return pool.concat((await this.pool(linkup, ctx, now, manager)).filter((c) => !seen.has(c.userId)));
  }

  // Why a member would or would not be invited now: every filter, the scores, the reasons.
  async explain(linkup: LinkupForMatching, userId: string, now: Date, manager?: EntityManager): Promise<ScoredCandidate | null> {
    const ctx = await this.context(linkup, now, manager);
    const candidate = await this.candidates.findOne(this.query(linkup, ctx, now), userId, manager);
    return candidate ? scoreCandidate(candidate, ctx) : null;
  }

  // The fallback pool. Walks the region from a random pivot (wrapping once) in chunks until the pool holds enough
  // members, and enough of them with a pattern for the activity, or the walk budget is spent.
  // Members with a pattern go in first; anyone else passing the filters fills the rest.
  private async pool(linkup: LinkupForMatching, ctx: MatchContext, now: Date, manager?: EntityManager): Promise<CandidateSnapshot[]> {
    const size = this.settings.MATCH_POOL_SIZE;
    const minKeen = Math.min(size, this.settings.MATCH_POOL_MIN_KEEN);
    const chunk = Math.ceil(size * 1.5);
    const budget = size * this.settings.MATCH_WALK_BUDGET_FACTOR;
    const query = this.query(linkup, ctx, now);
    const pivot = randomUUID();
    const keen: string[] = [];
    const others: string[] = [];
    let walked = 0;
    for (const [from, to] of [[pivot, null], [MIN_UUID, pivot]] as Array<[string, string | null]>) {
      let cursor: string | null = from;
      let skip: string | null = null;
      while (cursor && walked < budget && (keen.length + others.length < size || keen.length < minKeen)) {
        const r = await this.candidates.walk({ ...query, from: cursor, to, limit: chunk, activityKey: linkup.brief.activity_key }, manager);
        walked += r.walked;
        for (const p of r.passing) if (p.userId !== skip) (p.hasPattern ? keen : others).push(p.userId);
        cursor = r.walked < chunk ? null : r.lastId;
        skip = r.lastId;
      }
    }
    const ids = keen.slice(0, size).concat(others.slice(0, Math.max(0, size - keen.length)));
    return this.candidates.loadPool(ids, now, query.fairnessSince, manager);
  }

  private query(linkup: LinkupForMatching, ctx: MatchContext, now: Date): CandidateQuery {
    const margin = this.settings.LINKUP_BUSY_MARGIN_MINUTES * 60_000;
    return {
      regionId: linkup.regionId,
      linkupId: linkup.id,
      groupUserIds: linkup.groupUserIds,
      now,
      busyFrom: new Date(linkup.eventTime.getTime() - margin),
      busyTo: new Date(linkup.eventTime.getTime() + margin),
      fairnessSince: new Date(now.getTime() - this.settings.MATCH_FAIRNESS_WINDOW_DAYS * 86_400_000),
      boundaryTags: boundaryTags(linkup.brief, ctx.activity),
    };
  }

  private async context(linkup: LinkupForMatching, now: Date, manager?: EntityManager): Promise<MatchContext> {
    const rows = await this.candidates.findGroupProfiles(linkup.groupUserIds, now, manager);
    const byId = new Map(rows.map((r) => [r.userId, r]));
    // Initiator first; a member without a profile row simply adds nothing to friend_score.
    const group = linkup.groupUserIds.flatMap((id) => {
      const r = byId.get(id);
      return r ? [{ fingerprint: r.fingerprint, activityPatterns: r.activityPatterns, boundaries: r.boundaries, ageDays: r.ageDays }] : [];
    });
    return { brief: linkup.brief, activity: this.catalog.describe(linkup.brief.activity_key), group, weights: this.settings.weights() };
  }
}
