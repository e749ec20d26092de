import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

@Injectable()
export class BlocksRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // Once per pair and direction (user_blocks_once): true when this call created it.
  async insertOnce(blockerId: string, blockedId: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `insert into user_blocks (blocker_user_id, blocked_user_id) values ($1, $2) on conflict on constraint user_blocks_once do nothing returning id`,
      [blockerId, blockedId],
    );
    return rows.length > 0;
  }

  async remove(blockerId: string, blockedId: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `with d as (delete from user_blocks where blocker_user_id = $1 and blocked_user_id = $2 returning id) select id from d`,
      [blockerId, blockedId],
    );
    return rows.length > 0;
  }

  // Whom the member blocked, most recent first.
  async listBlocked(blockerId: string, limit: number, manager?: EntityManager): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.m(manager).query(
      `select blocked_user_id as id from user_blocks where blocker_user_id = $1 order by created_at desc, id limit $2`,
      [blockerId, limit],
    );
    return rows.map((r) => r.id);
  }
}
