import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ActivityPattern, Boundaries, Fingerprint } from '../../../common/json-shapes';
import { MATCHABLE_STATES } from '../../profile';
import type { VectorRow } from './candidate-vectors';
import { ALL_FILTERS_PASSED, type CandidateFacts, type CandidateSnapshot } from './matching.types';

// The candidate queries of matching. They read across module tables (users, memberships,
// profiles, entitlements, holds, blocks) in one statement: a wave for a 100,000-member region has
// to be chosen in well under 100 ms, which per-member service calls cannot do. The predicates
// mirror EntitlementsService (eligible_to_participate, effective and not expired), the safety
// hold semantics (soft or hard, not cleared, not expired) and the profile states; docs/linkups.md
// lists them, and test/linkups/matching-filters.test.ts pins each one.
//
// Bounded pool: the wave chooser walks the region's members in primary-key order from a random
// pivot, a chunk at a time, lets every SQL-side filter run on the chunk by index lookups, and stops
// once the pool is big enough. The cost grows with the pool, not the region; the random pivot gives
// every member the same chance to be in a pool, and scoring ranks the pool in memory.

export interface CandidateQuery {
  regionId: string;
  linkupId: string | null; // members already invited to it are left out
  groupUserIds: string[]; // initiator and confirmed participants
  now: Date;
  busyFrom: Date; // another open LinkUp with an event time inside (busyFrom, busyTo) makes a member busy
  busyTo: Date;
  fairnessSince: Date; // invites sent after this count towards the fairness term
  boundaryTags: string[]; // no_thanks must not hold any of these
}

export interface WalkQuery extends CandidateQuery {
  from: string; // walk ids >= from ...
  to: string | null; // ... and < to (null: to the end)
  limit: number; // members walked (not returned) at most
  activityKey: string; // marks members with a pattern for it
}

export interface WalkResult {
  walked: number;
  lastId: string | null; // where the next chunk starts (inclusive: the caller skips it)
  passing: Array<{ userId: string; hasPattern: boolean }>;
}

interface ProfileColumns {
  fingerprint: Fingerprint;
  activityPatterns: ActivityPattern[];
  boundaries: Boundaries;
  ageDays: number;
  recentInvites: number;
}

// $1 region, $2 group, $3 now, $4/$5 busy window, $6 linkup, $7 fairness since. `m` names the
// member's id column (u.id in a users scan, w.id in the walk).
const PARAMS = (q: CandidateQuery) => [q.regionId, q.groupUserIds, q.now, q.busyFrom, q.busyTo, q.linkupId, q.fairnessSince];

const IN_REGION = (m: string) => `exists (select 1 from region_memberships rm where rm.user_id = ${m} and rm.region_id = $1
  and rm.status = 'active' and rm.released_at is null)`;
const USER_ACTIVE = `(u.state = 'active' and u.deleted_at is null and u.suspended_at is null)`;
const ENTITLED = `(e.eligible_to_participate and e.effective_at <= $3 and (e.expires_at is null or e.expires_at > $3))`;
const ON_HOLD = (m: string) => `exists (select 1 from safety_holds h where h.user_id = ${m} and h.state <> 'none'
  and h.cleared_at is null and (h.expires_at is null or h.expires_at > $3))`;
// The profile module's rule (complete_mvp, complete_full, stale), inlined as constants.
const PROFILE_COMPLETE = `(p.state in (${MATCHABLE_STATES.map((s) => `'${s}'`).join(', ')}))`;
const BLOCKED = (m: string) => `(exists (select 1 from user_blocks b where b.blocker_user_id = ${m} and b.blocked_user_id = any($2::uuid[]))
  or exists (select 1 from user_blocks b where b.blocked_user_id = ${m} and b.blocker_user_id = any($2::uuid[])))`;
const PENDING_INVITE = (m: string) => `exists (select 1 from linkup_invites i where i.invited_user_id = ${m}
  and i.state = 'pending' and i.linkup_id is distinct from $6::uuid)`;
const BUSY = (m: string) => `exists (select 1 from linkup_participants lp join linkups l on l.id = lp.linkup_id
  where lp.user_id = ${m} and lp.status = 'confirmed' and l.state in ('broadcasting', 'locked')
    and l.id is distinct from $6::uuid and l.event_time > $4 and l.event_time < $5)`;
// Mid-conversation (an interview, forming a LinkUp, answering another message): an invite now would
// make a bare YES ambiguous, so the member is not available until the flow ends or times out.
const IN_CONVERSATION = (m: string) => `exists (select 1 from conversation_sessions cs where cs.user_id = ${m}
  and cs.mode <> 'idle' and (cs.expires_at is null or cs.expires_at > $3))`;
const AGE_DAYS = `greatest(0, floor(extract(epoch from ($3::timestamptz - p.updated_at)) / 86400))::int`;

// Members busy in another open LinkUp near the event time: a small set, computed once per query.
// In any region, as EXPLAIN_SQL's BUSY (a member confirmed elsewhere, say before a move, is still busy).
const BUSY_CTE = `busy as materialized (
    select distinct lp.user_id from linkups l join linkup_participants lp on lp.linkup_id = l.id
     where l.state in ('broadcasting', 'locked') and l.id is distinct from $6::uuid
       and l.event_time > $4 and l.event_time < $5 and lp.status = 'confirmed'
  )`;

// Every SQL-side filter on the members of a `walk` CTE, each as a join on a unique key or the
// small busy set, so each member costs a few index lookups whatever the size of the tables.
const PASSED = `coalesce(w.sms_consent and w.id <> all($2::uuid[]) and ${PROFILE_COMPLETE} and ${ENTITLED} and rm.user_id is not null
      and (h.user_id is null or h.state = 'none' or h.cleared_at is not null or h.expires_at <= $3)
      and (pi.id is null or pi.linkup_id = $6::uuid)
      and (cs.user_id is null or cs.mode = 'idle' or cs.expires_at <= $3)
      and not ${BLOCKED('w.id')}
      and not exists (select 1 from busy where busy.user_id = w.id)
      and ($6::uuid is null or not exists (select 1 from linkup_invites x where x.linkup_id = $6 and x.invited_user_id = w.id))
      and not (coalesce(p.boundaries -> 'no_thanks', '[]'::jsonb) ?| $7::text[]), false)`;
const FILTER_JOINS = `from walk w
  left join profiles p on p.user_id = w.id
  left join entitlements e on e.user_id = w.id
  -- Each of these has at most one row per member (a unique key or a unique partial index).
  left join region_memberships rm on rm.user_id = w.id and rm.region_id = $1 and rm.status = 'active' and rm.released_at is null
  left join safety_holds h on h.user_id = w.id
  left join linkup_invites pi on pi.invited_user_id = w.id and pi.state = 'pending'
  left join conversation_sessions cs on cs.user_id = w.id`;

// One chunk of the walk: the next `limit` members of the region in id order (an index range scan on
// users_pkey, materialised so the planner cannot turn it into a scan of every profile), then every
// SQL-side filter. Every walked id comes back, so the caller knows where to continue.
// $1-$6 as above, $7 boundary tags, $8 from, $9 to, $10 limit, $11 activity.
const WALK_SQL = `with walk as materialized (
    select u.id, u.sms_consent from users u
     where u.region_id = $1 and u.id >= $8::uuid and ($9::uuid is null or u.id < $9::uuid) and ${USER_ACTIVE}
     order by u.id
     limit $10
  ),
  ${BUSY_CTE}
  select w.id as "userId",
    coalesce(p.activity_patterns @> jsonb_build_array(jsonb_build_object('activity_key', $11::text)), false) as "hasPattern",
    ${PASSED} as passed
  ${FILTER_JOINS}
  order by w.id`;

// The same filters on the members a caller names (the pre-scored pool of the candidate cache, or
// the bench's exhaustive list), returning the profiles of those who pass, in one statement with
// index lookups per id. The cache may be stale; these filters never are.
// $1-$7 as the walk, $8 the ids, $9 the fairness window's start.
const FILTER_IDS_SQL = `with walk as materialized (
    select u.id, u.sms_consent from users u where u.id = any($8::uuid[]) and u.region_id = $1 and ${USER_ACTIVE}
  ),
  ${BUSY_CTE}
  select w.id as "userId", p.fingerprint, p.activity_patterns as "activityPatterns", p.boundaries, ${AGE_DAYS} as "ageDays",
    (select count(*)::int from linkup_invites ri where ri.invited_user_id = w.id and ri.sent_at >= $9) as "recentInvites"
  ${FILTER_JOINS}
  where ${PASSED}`;

// The candidate cache's view of members (candidate-vectors.ts): profile JSON, when the profile
// was written, and the static filters (region, active, consent, profile state, entitlement, hold)
// folded into the interval in which they pass: [validFrom, validUntil) in epoch ms, 0 for never.
const VECTOR_COLUMNS = `u.id as "userId", coalesce(p.fingerprint, '{}'::jsonb) as fingerprint,
    coalesce(p.activity_patterns, '[]'::jsonb) as "activityPatterns", coalesce(p.boundaries, '{}'::jsonb) as boundaries,
    coalesce(extract(epoch from p.updated_at) * 1000, 0)::float8 as "profileUpdatedMs",
    greatest(coalesce(extract(epoch from e.effective_at) * 1000, 0),
      case when h.state is not null and h.state <> 'none' and h.cleared_at is null
           then coalesce(extract(epoch from h.expires_at) * 1000, 0) else 0 end)::float8 as "validFromMs",
    case when u.region_id = $1 and u.state = 'active' and u.deleted_at is null and u.suspended_at is null and u.sms_consent
          and coalesce(${PROFILE_COMPLETE}, false) and coalesce(e.eligible_to_participate, false)
          and not (h.state is not null and h.state <> 'none' and h.cleared_at is null and h.expires_at is null)
          and exists (select 1 from region_memberships rm where rm.user_id = u.id and rm.region_id = $1
                        and rm.status = 'active' and rm.released_at is null)
         then coalesce(extract(epoch from e.expires_at) * 1000, 'Infinity'::float8) else 0 end::float8 as "validUntilMs"`;
const VECTOR_JOINS = `left join profiles p on p.user_id = u.id
  left join entitlements e on e.user_id = u.id
  left join safety_holds h on h.user_id = u.id`;

// A page of the region in id order. $1 region, $2 after this id, $3 page size.
const VECTOR_PAGE_SQL = `select ${VECTOR_COLUMNS} from users u ${VECTOR_JOINS}
  where u.region_id = $1 and u.id > $2::uuid order by u.id limit $3`;

// Members any of whose rows changed since $2 (each table's updated_at index), wherever they are
// now: a member who left the region comes back with validUntil 0. $1 region, $2 since.
const VECTOR_CHANGED_SQL = `with changed as (
    select id as user_id from users where updated_at > $2
    union select user_id from profiles where updated_at > $2
    union select user_id from entitlements where updated_at > $2
    union select user_id from safety_holds where updated_at > $2
    union select user_id from region_memberships where updated_at > $2
  )
  select ${VECTOR_COLUMNS} from changed c join users u on u.id = c.user_id ${VECTOR_JOINS}`;

// Profiles of the chosen pool, with recent invites for the fairness term. $1 ids, $2 now, $3 since.
const POOL_SQL = `select p.user_id as "userId", p.fingerprint, p.activity_patterns as "activityPatterns", p.boundaries,
    greatest(0, floor(extract(epoch from ($2::timestamptz - p.updated_at)) / 86400))::int as "ageDays",
    (select count(*)::int from linkup_invites ri where ri.invited_user_id = p.user_id and ri.sent_at >= $3) as "recentInvites"
  from profiles p where p.user_id = any($1::uuid[])`;

// Every fact about one member, whatever they are (explaining why someone was or was not invited).
const EXPLAIN_SQL = `select u.id as "userId",
    (u.region_id = $1 and ${IN_REGION('u.id')}) as "inRegion",
    ${USER_ACTIVE} as "userActive",
    u.sms_consent as "smsConsent",
    coalesce(${ENTITLED}, false) as entitled,
    ${ON_HOLD('u.id')} as "onHold",
    coalesce(${PROFILE_COMPLETE}, false) as "profileComplete",
    ${BLOCKED('u.id')} as "blockedWithGroup",
    ${PENDING_INVITE('u.id')} as "hasPendingInvite",
    ${BUSY('u.id')} as "busyAtEventTime",
    ${IN_CONVERSATION('u.id')} as "inConversation",
    coalesce(p.fingerprint, '{}'::jsonb) as fingerprint,
    coalesce(p.activity_patterns, '[]'::jsonb) as "activityPatterns",
    coalesce(p.boundaries, '{}'::jsonb) as boundaries,
    coalesce(${AGE_DAYS}, 0) as "ageDays",
    (select count(*)::int from linkup_invites ri where ri.invited_user_id = u.id and ri.sent_at >= $7) as "recentInvites"
  from users u
  left join profiles p on p.user_id = u.id
  left join entitlements e on e.user_id = u.id
 where u.id = $8::uuid`;

// The profile parts friend_score compares with: the initiator's and confirmed participants'.
const GROUP_SQL = `select p.user_id as "userId", p.fingerprint, p.activity_patterns as "activityPatterns", p.boundaries,
    greatest(0, floor(extract(epoch from ($2::timestamptz - p.updated_at)) / 86400))::int as "ageDays"
  from profiles p where p.user_id = any($1::uuid[])`;

@Injectable()
export class CandidatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async walk(q: WalkQuery, manager?: EntityManager): Promise<WalkResult> {
    const rows: Array<{ userId: string; hasPattern: boolean; passed: boolean }> = await this.m(manager).query(WALK_SQL, [
      ...PARAMS(q).slice(0, 6),
      q.boundaryTags,
      q.from,
      q.to,
      q.limit,
      q.activityKey,
    ]);
    return {
      walked: rows.length,
      lastId: rows.length ? rows[rows.length - 1].userId : null,
      passing: rows.filter((r) => r.passed).map((r) => ({ userId: r.userId, hasPattern: r.hasPattern })),
    };
  }

  // Snapshots of the named members who pass every SQL-side filter now (in the caller's transaction).
  async filterPool(q: CandidateQuery, userIds: string[], manager?: EntityManager): Promise<CandidateSnapshot[]> {
    if (userIds.length === 0) return [];
    const rows: Array<{ userId: string } & ProfileColumns> = await this.m(manager).query(FILTER_IDS_SQL, [
      ...PARAMS(q).slice(0, 6),
      q.boundaryTags,
      userIds,
      q.fairnessSince,
    ]);
    return rows.map((r) => snapshot(r, ALL_FILTERS_PASSED));
  }

  // The candidate cache's reads (always outside any caller's transaction).
  async vectorPage(regionId: string, afterId: string, limit: number): Promise<VectorRow[]> {
    return this.dataSource.query(VECTOR_PAGE_SQL, [regionId, afterId, limit]);
  }

  async vectorsChangedSince(regionId: string, since: Date): Promise<VectorRow[]> {
    return this.dataSource.query(VECTOR_CHANGED_SQL, [regionId, since]);
  }

  async databaseNow(): Promise<Date> {
    const [row] = await this.dataSource.query('select now() as now');
    return new Date(row.now);
  }

  // Snapshots of members who passed the walk's filters (every fact true).
  async loadPool(userIds: string[], now: Date, fairnessSince: Date, manager?: EntityManager): Promise<CandidateSnapshot[]> {
    if (userIds.length === 0) return [];
    const rows: Array<{ userId: string } & ProfileColumns> = await this.m(manager).query(POOL_SQL, [userIds, now, fairnessSince]);
    return rows.map((r) => snapshot(r, ALL_FILTERS_PASSED));
  }

  async findOne(q: CandidateQuery, userId: string, manager?: EntityManager): Promise<CandidateSnapshot | null> {
    const rows: Array<{ userId: string } & CandidateFacts & ProfileColumns> = await this.m(manager).query(EXPLAIN_SQL, [
      ...PARAMS(q),
      userId,
    ]);
    return rows[0] ? snapshot(rows[0], rows[0]) : null;
  }

  async findGroupProfiles(
    userIds: string[],
    now: Date,
    manager?: EntityManager,
  ): Promise<Array<{ userId: string } & Omit<ProfileColumns, 'recentInvites'>>> {
    return this.m(manager).query(GROUP_SQL, [userIds, now]);
  }
}

function snapshot(r: { userId: string } & ProfileColumns, facts: CandidateFacts): CandidateSnapshot {
  return {
    userId: r.userId,
    inRegion: facts.inRegion,
    userActive: facts.userActive,
    smsConsent: facts.smsConsent,
    entitled: facts.entitled,
    onHold: facts.onHold,
    profileComplete: facts.profileComplete,
    blockedWithGroup: facts.blockedWithGroup,
    hasPendingInvite: facts.hasPendingInvite,
    busyAtEventTime: facts.busyAtEventTime,
    inConversation: facts.inConversation,
    profile: { fingerprint: r.fingerprint, activityPatterns: r.activityPatterns, boundaries: r.boundaries, ageDays: r.ageDays },
    recentInvites: r.recentInvites,
  };
}
