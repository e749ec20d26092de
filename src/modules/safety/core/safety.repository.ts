import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

// user_strikes, safety_holds and user_blocks, as far as LinkUps need them.
@Injectable()
export class SafetyRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // A soft or hard hold in force: not cleared and not expired.
  async isOnHold(userId: string, now: Date, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await this.m(manager).query(
      `select 1 from safety_holds where user_id = $1 and state <> 'none' and cleared_at is null
          and (expires_at is null or expires_at > $2)`,
      [userId, now],
    );
    return rows.length > 0;
  }

  // Blocks either way among the given members, as [blocker, blocked].
  async blockedPairs(userIds: string[], manager?: EntityManager): Promise<Array<[string, string]>> {
    if (userIds.length < 2) return [];
    const rows: Array<{ a: string; b: string }> = await this.m(manager).query(
      `select blocker_user_id as a, blocked_user_id as b from user_blocks
        where blocker_user_id = any($1::uuid[]) and blocked_user_id = any($1::uuid[])`,
      [userIds],
    );
    return rows.map((r) => [r.a, r.b]);
  }

  async insertStrike(
    s: { userId: string; type: string; points: number; reason: string; windowStart: Date; windowEnd: Date },
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `insert into user_strikes (user_id, strike_type, points, reason, window_start, window_end) values ($1, $2, $3, $4, $5, $6)`,
      [s.userId, s.type, s.points, s.reason, s.windowStart, s.windowEnd],
    );
  }

  async activePoints(userId: string, now: Date, manager: EntityManager): Promise<number> {
    const [row]: Array<{ n: number }> = await manager.query(
      `select coalesce(sum(points), 0)::int as n from user_strikes where user_id = $1 and window_start <= $2 and window_end > $2`,
      [userId, now],
    );
    return row.n;
  }

  // Applies a soft hold unless a hold is already in force (a hard hold is never downgraded).
  async applySoftHold(userId: string, reason: string, now: Date, until: Date, manager: EntityManager): Promise<boolean> {
    const rows: Array<{ id: string }> = await manager.query(
      `insert into safety_holds (user_id, state, reason, applied_at, expires_at) values ($1, 'soft_hold', $2, $3, $4)
       on conflict (user_id) do update
         set state = 'soft_hold', reason = excluded.reason, applied_at = excluded.applied_at,
             expires_at = excluded.expires_at, cleared_at = null, applied_by_admin = null
         where safety_holds.state = 'none' or safety_holds.cleared_at is not null
            or (safety_holds.expires_at is not null and safety_holds.expires_at <= $3)
       returning id`,
      [userId, reason, now, until],
    );
    return rows.length === 1;
  }
}
