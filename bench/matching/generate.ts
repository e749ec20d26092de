// Random but valid members for the matching benchmark: users, active region memberships,
// profiles (every JSON column checked by the same validators the app writes with),
// entitlements, conversation sessions, a few holds and blocks. Written with COPY FROM STDIN
// (pg-copy-streams), 20,000 members a round, in one transaction: a million members in minutes.
import { createHash, randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
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
import { seededRandom } from '../../src/common/random';

const BATCH = 20_000;

// Deterministic, so two runs build the same region.
export const rng = seededRandom;

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

// One value in COPY's text format.
function cell(v: string | number | boolean | null): string {
  if (v === null) return '\\N';
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

async function copyRows(db: Client, table: string, columns: string[], rows: Array<Array<string | number | boolean | null>>): Promise<void> {
  if (rows.length === 0) return;
  const text = rows.map((r) => r.map(cell).join('\t')).join('\n') + '\n';
  await pipeline(Readable.from([text]), db.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`)));
}

// Seeds `count` members into a new open region; returns their ids. Phone numbers are
// +1 9 <slot, 2 digits> <index, 8 digits>, the slot one more than the bench regions already there,
// so regions of several sizes live side by side in one database.
export async function seedRegion(
  db: Client,
  slug: string,
  count: number,
  seed = 42,
  onProgress: (done: number) => void = () => undefined,
): Promise<SeedResult> {
  const r = rng(seed);
  await db.query('begin');
  try {
    const { rows: prior } = await db.query(`select count(*)::int as n from regions where slug like 'bench-%'`);
    const slot = String(prior[0].n + 1).padStart(2, '0');
    if (slot.length > 2) throw new Error('more than 99 bench regions in one database');
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
      await copyBatch(db, r, regionId, ids, start, slot);
      onProgress(start + n);
    }
    await insertBlocks(db, r, userIds, Math.floor(count / 100));
    await db.query('commit');
    await db.query('analyze');
    return { regionId, userIds };
  } catch (err) {
    await db.query('rollback');
    throw err;
  }
}

async function copyBatch(db: Client, r: () => number, regionId: string, ids: string[], offset: number, slot: string): Promise<void> {
  const users = ids.map((id, i) => {
    const phone = `+19${slot}${String(offset + i).padStart(8, '0')}`;
    const state = r() < 0.97 ? 'active' : pick(r, ['verified', 'suspended']);
    return [id, phone, createHash('sha256').update(phone).digest('hex'), 'Bench', 'Member', '1990-01-01', state, r() < 0.97, true, true, true, regionId];
  });
  await copyRows(db, 'users', ['id', 'phone_e164', 'phone_hash', 'first_name', 'last_name', 'birthday', 'state', 'sms_consent',
    'age_consent', 'terms_consent', 'privacy_consent', 'region_id'], users);
  await copyRows(db, 'region_memberships', ['user_id', 'region_id', 'status'], ids.map((id) => [id, regionId, 'active']));
  const profiles = ids.map((id) => {
    const fingerprint = randomFingerprint(r);
    const patterns = randomPatterns(r);
    const boundaries = randomBoundaries(r);
    assertFingerprint(fingerprint);
    assertActivityPatterns(patterns);
    assertBoundaries(boundaries);
    const x = r();
    const state = x < 0.94 ? pick(r, ['complete_mvp', 'complete_full']) : x < 0.98 ? 'partial' : 'stale';
    return [id, state, JSON.stringify(fingerprint), JSON.stringify(patterns), JSON.stringify(boundaries)];
  });
  await copyRows(db, 'profiles', ['user_id', 'state', 'fingerprint', 'activity_patterns', 'boundaries'], profiles);
  await copyRows(db, 'entitlements', ['user_id', 'eligible_to_participate', 'eligible_to_initiate', 'source'], ids.map((id) => {
    const ok = r() < 0.96;
    return [id, ok, ok, 'free'];
  }));
  // Most members idle; a few mid-interview (not invitable until it ends).
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
  await copyRows(db, 'conversation_sessions', ['user_id', 'mode', 'state_token', 'expires_at'], ids.map((id) => {
    const mode = r() < 0.97 ? 'idle' : 'interviewing';
    return [id, mode, mode, mode === 'idle' ? null : tomorrow];
  }));
  const now = new Date().toISOString();
  await copyRows(db, 'safety_holds', ['user_id', 'state', 'reason', 'applied_at'], ids.filter(() => r() < 0.01).map((id) => [id, 'soft_hold', 'bench', now]));
}

async function insertBlocks(db: Client, r: () => number, userIds: string[], count: number): Promise<void> {
  const pairs = new Set<string>();
  const rows: string[][] = [];
  while (rows.length < count) {
    const a = pick(r, userIds);
    const b = pick(r, userIds);
    if (a === b || pairs.has(`${a}:${b}`)) continue;
    pairs.add(`${a}:${b}`);
    rows.push([a, b]);
  }
  await copyRows(db, 'user_blocks', ['blocker_user_id', 'blocked_user_id'], rows);
}
