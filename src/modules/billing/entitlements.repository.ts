import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface EntitlementRecord {
  userId: string;
  eligibleToParticipate: boolean;
  eligibleToInitiate: boolean;
  source: string;
  expiresAt: Date | null;
}

const COLUMNS = `user_id as "userId", eligible_to_participate as "eligibleToParticipate",
  eligible_to_initiate as "eligibleToInitiate", source, expires_at as "expiresAt"`;

@Injectable()
export class EntitlementsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByUser(userId: string, manager?: EntityManager): Promise<EntitlementRecord | null> {
    const rows: EntitlementRecord[] = await (manager ?? this.dataSource.manager).query(
      `select ${COLUMNS} from entitlements where user_id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  // Full entitlement from the free billing mode. A row from another source (stripe, admin) is left alone.
  async upsertFree(userId: string, manager: EntityManager): Promise<EntitlementRecord> {
    await manager.query(
      `insert into entitlements (user_id, eligible_to_participate, eligible_to_initiate, source)
       values ($1, true, true, 'free')
       on conflict (user_id) do update
         set eligible_to_participate = true, eligible_to_initiate = true, expires_at = null, updated_at = now()
         where entitlements.source = 'free'`,
      [userId],
    );
    return (await this.findByUser(userId, manager))!;
  }
}
