import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

// user_strikes and user_blocks as LinkUps need them, and the hold test (holds.repository.ts writes holds).
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
}
