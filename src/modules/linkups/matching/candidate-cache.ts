import { Injectable, Logger } from '@nestjs/common';
import type { LinkupsSettings } from '../linkups.settings';
import { RegionVectors } from './candidate-vectors';
import type { CandidatesRepository } from './candidates.repository';

// Per-region candidate vectors, in this process. Built once per region (paged reads of every
// member), then kept current by incremental reads: every member whose users, profiles,
// entitlements, safety_holds or region_memberships row changed since the last read (each table's
// updated_at index), before a wave at most every MATCH_CACHE_REFRESH_SECONDS. updated_at is a
// transaction's start time, so each read looks back OVERLAP_MS further than the last one began;
// a transaction open longer than that is caught by the background rebuild every
// MATCH_CACHE_REBUILD_MINUTES. Staleness only costs quality, never correctness: the pool the
// cache proposes goes through the exact SQL filters (candidates.repository.ts, filterPool).

// Rows per page of a build: small enough that parsed JSON does not pile up.
const PAGE = 5_000;
const OVERLAP_MS = 10_000;
const MIN_UUID = '00000000-0000-0000-0000-000000000000';

interface RegionEntry {
  vectors: RegionVectors | null;
  building: Promise<void> | null;
  refreshing: Promise<void> | null;
  watermark: Date; // the database's time when the last read began
  refreshedAt: number;
  builtAt: number;
  lastBuildMs: number;
}

export interface CacheStats {
  members: number;
  buildMs: number;
}

@Injectable()
export class CandidateCache {
  private readonly logger = new Logger('CandidateCache');
  private readonly regions = new Map<string, RegionEntry>();

  constructor(
    private readonly candidates: CandidatesRepository,
    private readonly settings: LinkupsSettings,
  ) {}

  // The region's vectors, current as of MATCH_CACHE_REFRESH_SECONDS, or null while a first build
  // takes longer than `waitMs` (the caller falls back to the walk).
  async vectors(regionId: string, waitMs = this.settings.MATCH_CACHE_COLD_WAIT_MS): Promise<RegionVectors | null> {
    let entry = this.regions.get(regionId);
    if (!entry) {
      entry = { vectors: null, building: null, refreshing: null, watermark: new Date(0), refreshedAt: 0, builtAt: 0, lastBuildMs: 0 };
      this.regions.set(regionId, entry);
    }
    if (!entry.vectors) {
      const building = this.build(regionId, entry);
      const ready = await Promise.race([building.then(() => true), sleep(waitMs).then(() => false)]);
      if (!ready || !entry.vectors) return null;
      return entry.vectors;
    }
    const ageMs = Date.now() - entry.builtAt;
    if (ageMs > this.settings.MATCH_CACHE_REBUILD_MINUTES * 60_000 || entry.vectors.garbageRatio > 0.5) void this.build(regionId, entry);
    if (Date.now() - entry.refreshedAt >= this.settings.MATCH_CACHE_REFRESH_SECONDS * 1000) await this.refresh(regionId, entry);
    return entry.vectors;
  }

  // Builds a region's cache now (the bench times it; a service warms nothing up front).
  async warm(regionId: string): Promise<CacheStats> {
    await this.vectors(regionId, Number.MAX_SAFE_INTEGER);
    const entry = this.regions.get(regionId)!;
    return { members: entry.vectors?.size ?? 0, buildMs: entry.lastBuildMs };
  }

  private build(regionId: string, entry: RegionEntry): Promise<void> {
    if (entry.building) return entry.building;
    const started = Date.now();
    entry.building = (async () => {
      const at = await this.candidates.databaseNow();
      const vectors = new RegionVectors(this.settings.MATCH_FRESHNESS_HALF_LIFE_DAYS, entry.vectors?.size ?? 1024);
      let after = MIN_UUID;
      for (;;) {
        const rows = await this.candidates.vectorPage(regionId, after, PAGE);
        for (const row of rows) vectors.upsert(row);
        if (rows.length < PAGE) break;
        after = rows[rows.length - 1].userId;
      }
      entry.vectors = vectors;
      entry.watermark = at;
      entry.builtAt = Date.now();
      entry.refreshedAt = 0; // the next wave reads what changed while this built
      entry.lastBuildMs = Date.now() - started;
    })()
      .catch((err: unknown) => {
        this.logger.error(`region ${regionId}: cache build failed: ${err instanceof Error ? err.message : String(err)}`);
      })
      .finally(() => {
        entry.building = null;
      });
    return entry.building;
  }

  private refresh(regionId: string, entry: RegionEntry): Promise<void> {
    if (entry.refreshing) return entry.refreshing;
    entry.refreshing = (async () => {
      const at = await this.candidates.databaseNow();
      const since = new Date(entry.watermark.getTime() - OVERLAP_MS);
      const rows = await this.candidates.vectorsChangedSince(regionId, since);
      const vectors = entry.vectors;
      if (vectors) for (const row of rows) if (row.validUntilMs > 0 || vectors.has(row.userId)) vectors.upsert(row);
      entry.watermark = at;
      entry.refreshedAt = Date.now();
    })().finally(() => {
      entry.refreshing = null;
    });
    return entry.refreshing;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 2_147_483_647)).unref());
}
