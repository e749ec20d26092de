import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ProfileState } from '../../database/enums';

@Injectable()
export class ProfileRepository {
  constructor(private readonly dataSource: DataSource) {}

  // Idempotent: an existing profile is kept as it is.
  async insertEmpty(userId: string, manager: EntityManager): Promise<void> {
    await manager.query(`insert into profiles (user_id) values ($1) on conflict (user_id) do nothing`, [userId]);
  }

  async findState(userId: string, manager?: EntityManager): Promise<ProfileState | null> {
    const rows: Array<{ state: ProfileState }> = await (manager ?? this.dataSource.manager).query(
      `select state from profiles where user_id = $1`,
      [userId],
    );
    return rows[0]?.state ?? null;
  }
}
