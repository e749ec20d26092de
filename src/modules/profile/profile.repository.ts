import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PrefetchedPerTransaction } from '../../database';
import type { ProfileState } from '../../database/enums';
import type { ProfileData } from './profile-data';

// A profile row as the rules see it. `dbNow` is the database clock of the reading transaction:
// freshness is stored as of updated_at, which the database stamps.
export interface ProfileRow {
  id: string;
  userId: string;
  state: ProfileState;
  data: ProfileData;
  lastInterviewStep: string | null;
  completedAt: Date | null;
  staleAt: Date | null;
  updatedAt: Date;
  dbNow: Date;
}

export interface ProfileUpdate {
  data: ProfileData;
  state: ProfileState;
  lastInterviewStep: string | null;
  completedAt: Date | null;
  staleAt: Date | null;
}

const COLUMNS = `id, user_id as "userId", state, fingerprint, activity_patterns, boundaries, preferences,
  last_interview_step as "lastInterviewStep", completed_at as "completedAt", stale_at as "staleAt",
  updated_at as "updatedAt", now() as "dbNow"`;

type RawRow = Omit<ProfileRow, 'data'> & ProfileData;

function toRow(r: RawRow): ProfileRow {
  const { fingerprint, activity_patterns, boundaries, preferences, ...rest } = r;
  return { ...rest, data: { fingerprint, activity_patterns, boundaries, preferences } };
}

@Injectable()
export class ProfileRepository {
  // The interview's idle check for an inbound batch (prefetchStates); a change to a member's profile
  // in that transaction (insertEmpty, lockByUserId, forgetMember) drops theirs.
  private readonly prefetched = new PrefetchedPerTransaction<ProfileState | null>();

  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // Idempotent: an existing profile is kept as it is.
  async insertEmpty(userId: string, manager: EntityManager): Promise<void> {
    this.prefetched.forget(userId, manager);
    await manager.query(`insert into profiles (user_id) values ($1) on conflict (user_id) do nothing`, [userId]);
  }

  async findState(userId: string, manager?: EntityManager): Promise<ProfileState | null> {
    const known = this.prefetched.take(userId, manager);
    if (known) return known.value;
    return (await this.statesOf([userId], this.m(manager))).get(userId) ?? null;
  }

  // findState for every member of an inbound batch, in one statement (kept for each member's first
  // text in this transaction; null: no profile).
  async prefetchStates(userIds: string[], manager: EntityManager): Promise<void> {
    const found = await this.statesOf(userIds, manager);
    this.prefetched.put(manager, new Map(userIds.map((id) => [id, found.get(id) ?? null])));
  }

  // The profile state of each of these members who has a profile.
  private async statesOf(userIds: string[], manager: EntityManager): Promise<Map<string, ProfileState>> {
    const rows: Array<{ userId: string; state: ProfileState }> = await manager.query(
      `select user_id as "userId", state from profiles where user_id = any($1::uuid[])`,
      [userIds],
    );
    return new Map(rows.map((r) => [r.userId, r.state]));
  }

  // Row-locks the profile for one change (every change goes through here).
  async lockByUserId(userId: string, manager: EntityManager): Promise<ProfileRow | null> {
    this.prefetched.forget(userId, manager);
    const rows: RawRow[] = await manager.query(`select ${COLUMNS} from profiles where user_id = $1 for update`, [userId]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async findByUserIds(userIds: string[], manager?: EntityManager): Promise<ProfileRow[]> {
    if (!userIds.length) return [];
    const rows: RawRow[] = await this.m(manager).query(`select ${COLUMNS} from profiles where user_id = any($1::uuid[])`, [userIds]);
    return rows.map(toRow);
  }

  async update(id: string, u: ProfileUpdate, manager: EntityManager): Promise<void> {
    await manager.query(
      `update profiles set fingerprint = $2::jsonb, activity_patterns = $3::jsonb, boundaries = $4::jsonb,
              preferences = $5::jsonb, state = $6, last_interview_step = $7, completed_at = $8, stale_at = $9
        where id = $1`,
      [
        id,
        JSON.stringify(u.data.fingerprint),
        JSON.stringify(u.data.activity_patterns),
        JSON.stringify(u.data.boundaries),
        JSON.stringify(u.data.preferences),
        u.state,
        u.lastInterviewStep,
        u.completedAt,
        u.staleAt,
      ],
    );
  }

  // Complete profiles whose stale_at has passed, oldest first; rows another sweep holds are skipped.
  async claimStaleDue(now: Date, limit: number, manager: EntityManager): Promise<Array<{ userId: string; staleAt: Date }>> {
    const rows: Array<{ userId: string; staleAt: Date }> = await manager.query(
      `select user_id as "userId", stale_at as "staleAt" from profiles
        where state in ('complete_mvp', 'complete_full') and stale_at <= $1
        order by stale_at limit $2
        for update skip locked`,
      [now, limit],
    );
    return rows.map((r) => ({ userId: r.userId, staleAt: new Date(r.staleAt) }));
  }

  // Deleting a member: the profile row stays (one per member) but holds nothing of them, and the
  // profile events (interview outcomes, behaviour signals) go, so a member who registers again
  // starts the interview afresh (its once-per-member keys are free again).
  async forgetMember(userId: string, manager: EntityManager): Promise<void> {
    this.prefetched.forget(userId, manager);
    await manager.query(
      `update profiles set state = 'empty', fingerprint = '{}'::jsonb, activity_patterns = '[]'::jsonb, boundaries = '{}'::jsonb,
              preferences = '{}'::jsonb, active_intent = null, last_interview_step = null, completed_at = null, stale_at = null
        where user_id = $1`,
      [userId],
    );
    await manager.query(`delete from profile_events where user_id = $1`, [userId]);
  }
}
