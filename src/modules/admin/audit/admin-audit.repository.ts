import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { cursorParams, type CursorKey, keysetBefore } from '../../../common/pagination';

export interface NewAuditRow {
  adminUserId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  reason: string | null;
  payload: Record<string, unknown>;
}

export interface AuditRow extends NewAuditRow {
  id: string;
  createdAt: Date;
}

export interface AuditFilter {
  adminId: string | null;
  targetId: string | null;
  action: string | null;
}

const COLUMNS = `id, admin_user_id as "adminUserId", action, target_type as "targetType", target_id as "targetId", reason,
  payload, created_at as "createdAt"`;

// admin_audit_log: insert-only (a trigger refuses updates and deletes).
@Injectable()
export class AdminAuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(row: NewAuditRow, manager: EntityManager): Promise<string> {
    const [inserted]: Array<{ id: string }> = await manager.query(
      // clock_timestamp(): rows of one transaction keep their order.
      `insert into admin_audit_log (admin_user_id, action, target_type, target_id, reason, payload, created_at)
       values ($1, $2, $3, $4, $5, $6::jsonb, clock_timestamp()) returning id`,
      [row.adminUserId, row.action, row.targetType, row.targetId, row.reason, JSON.stringify(row.payload)],
    );
    return inserted.id;
  }

  // Newest first (admin_audit_log_created_idx, _admin_created_idx, _target_created_idx).
  async listPage(filter: AuditFilter, after: CursorKey | null, limit: number): Promise<Array<AuditRow & { cursorAt: string }>> {
    return this.dataSource.query(
      `select ${COLUMNS}, created_at::text as "cursorAt" from admin_audit_log
        where ($1::uuid is null or admin_user_id = $1) and ($2::uuid is null or target_id = $2) and ($3::text is null or action = $3)
          and ${keysetBefore('created_at', 'id', 4)}
        order by created_at desc, id desc
        limit $6`,
      [filter.adminId, filter.targetId, filter.action, ...cursorParams(after), limit],
    );
  }
}
