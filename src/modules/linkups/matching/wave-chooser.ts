import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { LinkupBrief } from '../../../common/json-shapes';
import type { ActivityCatalog } from '../forming/activity-catalog';
import type { LinkupsSettings } from '../linkups.settings';
import { CandidatesRepository, type CandidateQuery } from './candidates.repository';
import { boundaryTags } from './filters';
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

// Chooses a wave: a bounded candidate pool from SQL, then filters, scores and ranking in memory.
export class WaveChooser {
  constructor(
    private readonly candidates: CandidatesRepository,
    private readonly settings: LinkupsSettings,
    private readonly catalog: ActivityCatalog,
  ) {}

  async choose(linkup: LinkupForMatching, size: number, now: Date, manager?: EntityManager): Promise<ScoredCandidate[]> {
    if (size <= 0) return [];
    const ctx = await this.context(linkup, now, manager);
    const pool = await this.pool(linkup, ctx, now, manager);
    return selectWave(pool, ctx, size);
  }

  // Why a member would or would not be invited now: every filter, the scores, the reasons.
  async explain(linkup: LinkupForMatching, userId: string, now: Date, manager?: EntityManager): Promise<ScoredCandidate | null> {
    const ctx = await this.context(linkup, now, manager);
    const candidate = await this.candidates.findOne(this.query(linkup, ctx, now), userId, manager);
    return candidate ? scoreCandidate(candidate, ctx) : null;
  }

  // Walks the region from a random pivot (wrapping once) in chunks until the pool holds enough
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
