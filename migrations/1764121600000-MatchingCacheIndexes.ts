import { MigrationInterface, QueryRunner } from 'typeorm';

// The candidate cache's reads (linkups/matching/candidate-cache.ts): before a wave it
// asks each table for the rows written since its last read, an index range scan that finds
// nothing most of the time instead of a scan of every member.
const TABLES = ['users', 'profiles', 'entitlements', 'safety_holds', 'region_memberships'] as const;

export class MatchingCacheIndexes1764121600000 implements MigrationInterface {
  name = 'MatchingCacheIndexes1764121600000';

  async up(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await q.query(`create index ${t}_updated_at_idx on public.${t} (updated_at)`);
    // The cache's build reads a region in pages in id order: (region_id, id) makes each page an
    // index range scan instead of a walk of users_pkey past every other region's members.
    await q.query(`drop index public.users_region_idx`);
    await q.query(`create index users_region_idx on public.users (region_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index public.users_region_idx`);
    await q.query(`create index users_region_idx on public.users (region_id)`);
    for (const t of TABLES) await q.query(`drop index if exists public.${t}_updated_at_idx`);
  }
}
