import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Access } from './entitlements/access';

export type EntitlementSource = 'free' | 'stripe' | 'admin';

export interface EntitlementRecord {
  id: string;
  userId: string;
  eligibleToParticipate: boolean;
  eligibleToInitiate: boolean;
  source: string;
  effectiveAt: Date;
  expiresAt: Date | null;
}

const COLUMNS = `id, user_id as "userId", eligible_to_participate as "eligibleToParticipate",
  eligible_to_initiate as "eligibleToInitiate", source, effective_at as "effectiveAt", expires_at as "expiresAt"`;

// TypeORM answers an upsert with rows, an UPDATE with [rows, count]; callers want the rows.
function rowsOf<T>(raw: unknown): T[] {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[0] as T[];
  return raw as T[];
}

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

  async lockByUser(userId: string, manager: EntityManager): Promise<EntitlementRecord | null> {
    const rows: EntitlementRecord[] = await manager.query(`select ${COLUMNS} from entitlements where user_id = $1 for update`, [userId]);
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

  // Billing's decision (source stripe). An admin grant still in force is never overwritten: the
  // guard is in this statement, so no caller can forget it. Null when the admin grant stood.
  async upsertFromBilling(userId: string, access: Access, now: Date, manager: EntityManager): Promise<EntitlementRecord | null> {
    const rows = rowsOf<EntitlementRecord>(
      await manager.query(
        `insert into entitlements (user_id, eligible_to_participate, eligible_to_initiate, source, effective_at, expires_at)
         values ($1, $2, $3, 'stripe', $4, $5)
         on conflict (user_id) do update
           set eligible_to_participate = excluded.eligible_to_participate, eligible_to_initiate = excluded.eligible_to_initiate,
               source = 'stripe', effective_at = excluded.effective_at, expires_at = excluded.expires_at
           where entitlements.source <> 'admin' or entitlements.expires_at <= $4
         returning ${COLUMNS}`,
        [userId, access.participate, access.initiate, now, access.expiresAt],
      ),
    );
    return rows[0] ?? null;
  }

  // Support's grant (source admin); it wins over Stripe until it expires or is released.
  async upsertAdmin(userId: string, access: Access, now: Date, manager: EntityManager): Promise<EntitlementRecord> {
    const rows = rowsOf<EntitlementRecord>(
      await manager.query(
        `insert into entitlements (user_id, eligible_to_participate, eligible_to_initiate, source, effective_at, expires_at)
         values ($1, $2, $3, 'admin', $4, $5)
         on conflict (user_id) do update
           set eligible_to_participate = excluded.eligible_to_participate, eligible_to_initiate = excluded.eligible_to_initiate,
               source = 'admin', effective_at = excluded.effective_at, expires_at = excluded.expires_at
         returning ${COLUMNS}`,
        [userId, access.participate, access.initiate, now, access.expiresAt],
      ),
    );
    return rows[0];
  }

  // Hands the row back to billing when support releases its grant.
  async replaceAdmin(userId: string, access: Access, source: 'free' | 'stripe', now: Date, manager: EntityManager): Promise<EntitlementRecord | null> {
    const rows = rowsOf<EntitlementRecord>(
      await manager.query(
        `update entitlements
            set eligible_to_participate = $2, eligible_to_initiate = $3, source = $6, effective_at = $4, expires_at = $5
          where user_id = $1 and source = 'admin'
          returning ${COLUMNS}`,
        [userId, access.participate, access.initiate, now, access.expiresAt, source],
      ),
    );
    return rows[0] ?? null;
  }
}
