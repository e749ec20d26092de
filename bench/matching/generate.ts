// Random but valid members for the matching benchmark: users, active region memberships,
// profiles (every JSON column checked by the same validators the app writes with),
// entitlements, conversation sessions, a few holds and blocks. Bulk inserts through unnest(), 5,000 rows a statement.
import { createHash, randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import {
  assertActivityPatterns,
  assertBoundaries,
  assertFingerprint,
  FINGERPRINT_FACTORS,
  MOTIVES,
  PREFERRED_WINDOWS,
  type ActivityPattern,
  type Boundaries,
  type Fingerprint,
} from '../../src/common/json-shapes';
import { DEFAULT_ACTIVITY_CATALOG } from '../../src/modules/linkups/forming/activity-catalog';

const BATCH = 5000;

// A small deterministic PRNG (mulberry32), so two runs build the same region.
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)];
}

function sample<T>(r: () => number, items: readonly T[], n: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

export function randomFingerprint(r: () => number): Fingerprint {
  const fp: Fingerprint = {};
  for (const f of FINGERPRINT_FACTORS) {
    fp[f] = { range_value: round(r()), confidence: round(0.3 + 0.6 * r()), freshness_days: Math.floor(r() * 120), sources: { interview: 1 } };
  }
  return fp;
}

export function randomPatterns(r: () => number): ActivityPattern[] {
  const activities = sample(r, DEFAULT_ACTIVITY_CATALOG, 1 + Math.floor(r() * 4));
  return activities.map((a) => ({
    activity_key: a.key,
    motive_weights: Object.fromEntries(sample(r, MOTIVES, 2).map((m) => [m, round(0.3 + 0.7 * r())])),
    constraints: { ...a.constraints },
    preferred_windows: sample(r, PREFERRED_WINDOWS, 1 + Math.floor(r() * 3)),
    confidence: round(0.3 + 0.6 * r()),
    freshness_days: Math.floor(r() * 60),
  }));
}

export function randomBoundaries(r: () => number): Boundaries {
  const x = r();
  if (x < 0.1) return { no_thanks: [pick(r, DEFAULT_ACTIVITY_CATALOG).key] };
  if (x < 0.15) return { hard_constraints: { alcohol: false } };
  return {};
}

export interface SeedResult {
  regionId: string;
  userIds: string[];
}

// Seeds `count` members into a new open region; returns their ids.
export async function seedRegion(db: Client, slug: string, count: number, seed = 42): Promise<SeedResult> {
  const r = rng(seed);
  const { rows } = await db.query(
    `insert into regions (slug, display_name, state, geometry, rules)
     values ($1, 'Bench City', 'open', '{"zips":["10001"]}', '{"timezone":"America/New_York"}') returning id`,
    [slug],
  );
  const regionId: string = rows[0].id;
  const userIds: string[] = [];
  for (let start = 0; start < count; start += BATCH) {
    const n = Math.min(BATCH, count - start);
    const ids = Array.from({ length: n }, () => randomUUID());
    userIds.push(...ids);
    await insertBatch(db, r, regionId, ids, start);
  }
  await insertBlocks(db, r, userIds, Math.floor(count / 100));
  await db.query('analyze');
  return { regionId, userIds };
}

async function insertBatch(db: Client, r: () => number, regionId: string, ids: string[], offset: number): Promise<void> {
  const phones = ids.map((_, i) => `+1999${String(offset + i).padStart(7, '0')}`);
  const states = ids.map(() => (r() < 0.97 ? 'active' : pick(r, ['verified', 'suspended'])));
  const consent = ids.map(() => r() < 0.97);
  await db.query(
    `insert into users (id, phone_e164, phone_hash, first_name, last_name, birthday, state, sms_consent,
                        age_consent, terms_consent, privacy_consent, region_id)
     select u.id, u.phone, u.hash, 'Bench', 'Member', '1990-01-01', u.state::user_state, u.consent, true, true, true, $6
       from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::boolean[]) as u(id, phone, hash, state, consent)`,
    [ids, phones, phones.map((p) => createHash('sha256').update(p).digest('hex')), states, consent, regionId],
  );
  await db.query(
    `insert into region_memberships (user_id, region_id, status) select id, $2, 'active' from unnest($1::uuid[]) as id`,
    [ids, regionId],
  );
  const profiles = ids.map(() => {
    const fingerprint = randomFingerprint(r);
    const patterns = randomPatterns(r);
    const boundaries = randomBoundaries(r);
    assertFingerprint(fingerprint);
    assertActivityPatterns(patterns);
    assertBoundaries(boundaries);
    const x = r();
    const state = x < 0.94 ? pick(r, ['complete_mvp', 'complete_full']) : x < 0.98 ? 'partial' : 'stale';
    return { state, fingerprint: JSON.stringify(fingerprint), patterns: JSON.stringify(patterns), boundaries: JSON.stringify(boundaries) };
  });
  await db.query(
    `insert into profiles (user_id, state, fingerprint, activity_patterns, boundaries)
     select p.id, p.state::profile_state, p.fp::jsonb, p.pat::jsonb, p.bnd::jsonb
       from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) as p(id, state, fp, pat, bnd)`,
    [ids, profiles.map((p) => p.state), profiles.map((p) => p.fingerprint), profiles.map((p) => p.patterns), profiles.map((p) => p.boundaries)],
  );
  await db.query(
    `insert into entitlements (user_id, eligible_to_participate, eligible_to_initiate, source)
     select e.id, e.ok, e.ok, 'free' from unnest($1::uuid[], $2::boolean[]) as e(id, ok)`,
    [ids, ids.map(() => r() < 0.96)],
  );
  // Most members idle; a few mid-interview (not invitable until it ends).
  await db.query(
    `insert into conversation_sessions (user_id, mode, state_token, expires_at)
     select s.id, s.mode::conversation_mode, s.mode, case when s.mode = 'idle' then null else now() + interval '1 day' end
       from unnest($1::uuid[], $2::text[]) as s(id, mode)`,
    [ids, ids.map(() => (r() < 0.97 ? 'idle' : 'interviewing'))],
  );
  const held = ids.filter(() => r() < 0.01);
  await db.query(
    `insert into safety_holds (user_id, state, reason, applied_at) select id, 'soft_hold', 'bench', now() from unnest($1::uuid[]) as id`,
    [held],
  );
}

async function insertBlocks(db: Client, r: () => number, userIds: string[], count: number): Promise<void> {
  const pairs = new Set<string>();
  const blockers: string[] = [];
  const blocked: string[] = [];
  while (blockers.length < count) {
    const a = pick(r, userIds);
    const b = pick(r, userIds);
    if (a === b || pairs.has(`${a}:${b}`)) continue;
    pairs.add(`${a}:${b}`);
    blockers.push(a);
    blocked.push(b);
  }
  await db.query(
    `insert into user_blocks (blocker_user_id, blocked_user_id) select * from unnest($1::uuid[], $2::uuid[])`,
    [blockers, blocked],
  );
}
