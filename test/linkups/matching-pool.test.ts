import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { ActivityCatalog } from '../../src/modules/linkups/forming/activity-catalog';
import { LinkupsSettings } from '../../src/modules/linkups/linkups.settings';
import { CandidatesRepository } from '../../src/modules/linkups/matching/candidates.repository';
import { WaveChooser, type LinkupForMatching } from '../../src/modules/linkups/matching/wave-chooser';
import { randomFingerprint, randomPatterns, rng } from '../../bench/matching/generate';
import { createTestDatabase, TestDatabase } from '../support/database';
import {
  addParticipant, block, coffeeSaturday, hold, makeLinkup, makeMatchable, makePendingInvite, makeRegion,
} from '../support/linkups-factories';

// The candidate pool of the cache path (pre-score in memory, exact filters in SQL on the best ids):
// it never admits a member who fails a filter, even when the cache has not seen the change, and on
// a small region it picks the same wave as scoring every member.

type Failure =
  | 'suspended' | 'optedOut' | 'notEntitled' | 'entitlementExpired' | 'softHold' | 'hardHold' | 'partialProfile'
  | 'waitlisted' | 'leftRegion' | 'interviewing' | 'invitedElsewhere' | 'invitedHere' | 'busy' | 'blocksInitiator'
  | 'blockedByInitiator' | 'noCoffee' | 'needsStepFree';
// Facts that look like failures but are not: the oracle lets these members through.
type Harmless = 'holdExpired' | 'busyAnotherDay' | 'inviteExpiredElsewhere';

const FAILURES: Failure[] = [
  'suspended', 'optedOut', 'notEntitled', 'entitlementExpired', 'softHold', 'hardHold', 'partialProfile', 'waitlisted',
  'leftRegion', 'interviewing', 'invitedElsewhere', 'invitedHere', 'busy', 'blocksInitiator', 'blockedByInitiator',
  'noCoffee', 'needsStepFree',
];
const HARMLESS: Harmless[] = ['holdExpired', 'busyAnotherDay'];

describe('matching candidate pool (cache path)', () => {
  let tdb: TestDatabase;
  let ds: DataSource;
  let otherRegionId: string;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    ds = new DataSource(buildDataSourceOptions(tdb.url));
    await ds.initialize();
    otherRegionId = await makeRegion(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await tdb?.drop();
  });

  function chooser(o: Partial<LinkupsSettings> = {}): WaveChooser {
    const settings = Object.assign(new LinkupsSettings(), o);
    return new WaveChooser(new CandidatesRepository(ds), settings, new ActivityCatalog());
  }

  // One hold row per member: a later hold replaces an earlier (expired) one.
  async function setHold(userId: string, state: 'soft_hold' | 'hard_hold', expiresAt: Date | null): Promise<void> {
    await ds.query(
      `insert into safety_holds (user_id, state, reason, applied_at, expires_at) values ($1, $2, 'test', now(), $3)
       on conflict (user_id) do update set state = excluded.state, expires_at = excluded.expires_at, cleared_at = null`,
      [userId, state, expiresAt],
    );
  }

  async function apply(f: Failure | Harmless, userId: string, ctx: { linkupId: string; initiatorId: string; eventTime: Date }): Promise<void> {
    const hour = 3_600_000;
    switch (f) {
      case 'suspended': return void (await ds.query(`update users set state = 'suspended', suspended_at = now() where id = $1`, [userId]));
      case 'optedOut': return void (await ds.query(`update users set sms_consent = false where id = $1`, [userId]));
      case 'notEntitled': return void (await ds.query(`update entitlements set eligible_to_participate = false where user_id = $1`, [userId]));
      case 'entitlementExpired': return void (await ds.query(`update entitlements set expires_at = now() - interval '1 minute' where user_id = $1`, [userId]));
      case 'softHold': return setHold(userId, 'soft_hold', new Date(Date.now() + 86_400_000));
      case 'hardHold': return setHold(userId, 'hard_hold', null);
      case 'holdExpired': return hold(ds, userId, 'soft_hold', new Date(Date.now() - 60_000));
      case 'partialProfile': return void (await ds.query(`update profiles set state = 'partial' where user_id = $1`, [userId]));
      case 'waitlisted': return void (await ds.query(`update region_memberships set status = 'waitlisted' where user_id = $1`, [userId]));
      case 'leftRegion':
        await ds.query(`update region_memberships set released_at = now() where user_id = $1`, [userId]);
        return void (await ds.query(`update users set region_id = $2 where id = $1`, [userId, otherRegionId]));
      case 'interviewing':
        return void (await ds.query(`update conversation_sessions set mode = 'interviewing', expires_at = now() + interval '1 day' where user_id = $1`, [userId]));
      case 'invitedElsewhere': {
        const other = await makeLinkup(ds, otherRegionId, (await makeMatchable(ds, otherRegionId)).id, { eventTime: new Date(ctx.eventTime.getTime() + 72 * hour) });
        return void (await makePendingInvite(ds, other, userId));
      }
      case 'inviteExpiredElsewhere':
        return;
      case 'invitedHere': return void (await makePendingInvite(ds, ctx.linkupId, userId));
      case 'busy':
      case 'busyAnotherDay': {
        const at = new Date(ctx.eventTime.getTime() + (f === 'busy' ? hour : 48 * hour));
        const other = await makeLinkup(ds, otherRegionId, (await makeMatchable(ds, otherRegionId)).id, { eventTime: at });
        return addParticipant(ds, other, userId);
      }
      case 'blocksInitiator': return block(ds, userId, ctx.initiatorId);
      case 'blockedByInitiator': return block(ds, ctx.initiatorId, userId);
      case 'noCoffee': return void (await ds.query(`update profiles set boundaries = '{"no_thanks":["coffee"]}' where user_id = $1`, [userId]));
      case 'needsStepFree':
        return void (await ds.query(`update profiles set boundaries = '{"hard_constraints":{"step_free":true}}' where user_id = $1`, [userId]));
    }
  }

  // Random regions, members with random profiles and random filter failures (some applied after
  // the cache was built, so it holds stale facts). The oracle is what the test itself injected.
  it.each([1, 2, 3, 4, 5, 6])('never admits a member who fails a filter (random region %i)', async (seed) => {
    const r = rng(1000 + seed);
    const regionId = await makeRegion(ds);
    const initiator = await makeMatchable(ds, regionId, { fingerprint: randomFingerprint(r), patterns: randomPatterns(r) });
    const eventTime = new Date(Date.now() + 3 * 86_400_000);
    const linkupId = await makeLinkup(ds, regionId, initiator.id, { eventTime });
    const linkup: LinkupForMatching = { id: linkupId, regionId, brief: coffeeSaturday, eventTime, groupUserIds: [initiator.id] };
    const count = 15 + Math.floor(r() * 30);
    const members: string[] = [];
    for (let i = 0; i < count; i++) {
      members.push((await makeMatchable(ds, regionId, { fingerprint: randomFingerprint(r), patterns: randomPatterns(r) })).id);
    }
    // One chooser's cache is built before the failures (stale unless it reads changes), the other's after.
    const stale = chooser({ MATCH_CACHE_REFRESH_SECONDS: 3600, MATCH_PREPOOL_FACTOR: 1 });
    const fresh = chooser({ MATCH_PREPOOL_FACTOR: 1 });
    await stale.cache.warm(regionId);
    const eligible = new Set<string>();
    const injected = new Map<string, Failure[]>();
    for (const id of members) {
      const x = r();
      const failures = x < 0.45 ? [] : x < 0.85 ? [FAILURES[Math.floor(r() * FAILURES.length)]] : [FAILURES[Math.floor(r() * FAILURES.length)], FAILURES[Math.floor(r() * FAILURES.length)]];
      if (r() < 0.2) await apply(HARMLESS[Math.floor(r() * HARMLESS.length)], id, { linkupId, initiatorId: initiator.id, eventTime });
      for (const f of new Set(failures)) await apply(f, id, { linkupId, initiatorId: initiator.id, eventTime });
      injected.set(id, failures);
      if (failures.length === 0) eligible.add(id);
    }
    expect(eligible.size).toBeGreaterThan(0);
    for (const c of [stale, fresh]) {
      const size = 1 + Math.floor(r() * 4);
      const pool = await c.candidatePool(linkup, size, new Date());
      const ids = pool.map((p) => p.userId);
      const intruders = ids.filter((id) => !eligible.has(id)).map((id) => injected.get(id));
      expect(intruders).toEqual([]);
      expect(ids.length).toBeGreaterThanOrEqual(Math.min(size, eligible.size));
      // Asked for more than the region holds, the pre-scored list covers it all: every eligible member is in.
      const all = (await c.candidatePool(linkup, count + 1, new Date())).map((p) => p.userId);
      expect(new Set(all)).toEqual(eligible);
    }
  });

  it('on a 200-member region, the chosen wave is the exhaustive one', async () => {
    const r = rng(77);
    const regionId = await makeRegion(ds);
    const initiator = await makeMatchable(ds, regionId, { fingerprint: randomFingerprint(r), patterns: randomPatterns(r) });
    const eventTime = new Date(Date.now() + 3 * 86_400_000);
    const linkupId = await makeLinkup(ds, regionId, initiator.id, { eventTime });
    const linkup: LinkupForMatching = { id: linkupId, regionId, brief: coffeeSaturday, eventTime, groupUserIds: [initiator.id] };
    const members: string[] = [];
    for (let i = 0; i < 200; i++) {
      const id = (await makeMatchable(ds, regionId, { fingerprint: randomFingerprint(r), patterns: randomPatterns(r) })).id;
      members.push(id);
      if (r() < 0.1) await apply(FAILURES[Math.floor(r() * FAILURES.length)], id, { linkupId, initiatorId: initiator.id, eventTime });
    }
    // The smallest pre-pool (20 for a wave of 10), so the cache path really chooses among a tenth of the region.
    const c = chooser({ MATCH_PREPOOL_FACTOR: 1 });
    const now = new Date();
    const wave = await c.choose(linkup, 10, now);
    const exhaustive = await c.chooseAmong(linkup, members, 10, now);
    expect(exhaustive).toHaveLength(10);
    expect(wave.map((w) => [w.userId, w.finalScore])).toEqual(exhaustive.map((w) => [w.userId, w.finalScore]));
    const pool = await c.candidatePool(linkup, 10, now);
    expect(pool.length).toBeLessThan(40);
  });
});
