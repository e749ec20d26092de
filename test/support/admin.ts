import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AdminTokensService, type AdminRole } from '../../src/modules/admin';

// For test/admin: tokens issued as `npm run admin:token` does, calls with them, the audit log.

export interface AdminCaller {
  token: string;
  tokenId: string;
  adminId: string;
  role: AdminRole;
}

let seq = 0;

export async function adminToken(app: INestApplication, role: AdminRole, email = `${role}-${Date.now()}-${++seq}@josh.test`): Promise<AdminCaller> {
  const issued = await app.get(AdminTokensService).issue(email, role, 'test');
  return { token: issued.token, tokenId: issued.tokenId, adminId: issued.admin.id, role };
}

export type Method = 'get' | 'post' | 'patch';

// A request to the admin API with this caller's token (none: no Authorization header).
export function adminCall(app: INestApplication, caller: AdminCaller | null, method: Method, path: string, body?: object): request.Test {
  const r = request(app.getHttpServer())[method](path);
  if (caller) r.set('authorization', `Bearer ${caller.token}`);
  return body === undefined ? r : r.send(body);
}

export interface AuditLogRow {
  id: string;
  admin_user_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  reason: string | null;
  payload: Record<string, any>;
}

export async function auditRows(app: INestApplication, where: { targetId?: string | null; action?: string } = {}): Promise<AuditLogRow[]> {
  return app.get(DataSource).query(
    `select id, admin_user_id, action, target_type, target_id, reason, payload from admin_audit_log
      where ($1::uuid is null or target_id = $1) and ($2::text is null or action = $2) order by created_at, id`,
    [where.targetId ?? null, where.action ?? null],
  );
}

export async function auditCount(app: INestApplication): Promise<number> {
  const [row] = await app.get(DataSource).query(`select count(*)::int as n from admin_audit_log`);
  return row.n;
}
