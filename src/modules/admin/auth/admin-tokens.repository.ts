import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AdminRole } from './admin-roles';

export interface AdminAccount {
  id: string;
  email: string;
  role: AdminRole;
}

export interface TokenForAuth {
  tokenHash: string;
  revokedAt: Date | null;
  adminId: string;
  email: string;
  role: AdminRole;
}

export interface TokenListing {
  id: string;
  adminId: string;
  email: string;
  role: AdminRole;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

// admin_users and admin_api_tokens.
@Injectable()
export class AdminTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // Creates the admin if missing, else locks the row; `previousRole` is set when the role changed.
  async upsertAdmin(email: string, role: AdminRole, manager: EntityManager): Promise<{ admin: AdminAccount; created: boolean; previousRole: AdminRole | null }> {
    const [inserted]: AdminAccount[] = await manager.query(
      `insert into admin_users (email, role) values ($1, $2) on conflict (email) do nothing returning id, email::text, role`,
      [email, role],
    );
    if (inserted) return { admin: inserted, created: true, previousRole: null };
    const [existing]: AdminAccount[] = await manager.query(`select id, email::text, role from admin_users where email = $1 for update`, [email]);
    if (existing.role === role) return { admin: existing, created: false, previousRole: null };
    await manager.query(`update admin_users set role = $2, updated_at = now() where id = $1`, [existing.id, role]);
    return { admin: { ...existing, role }, created: false, previousRole: existing.role };
  }

  async insertToken(id: string, adminId: string, tokenHash: string, manager: EntityManager): Promise<void> {
    await manager.query(`insert into admin_api_tokens (id, admin_user_id, token_hash) values ($1, $2, $3)`, [id, adminId, tokenHash]);
  }

  async findForAuth(tokenId: string): Promise<TokenForAuth | null> {
    const rows: TokenForAuth[] = await this.m().query(
      `select t.token_hash as "tokenHash", t.revoked_at as "revokedAt", a.id as "adminId", a.email::text as email, a.role
         from admin_api_tokens t join admin_users a on a.id = t.admin_user_id
        where t.id = $1`,
      [tokenId],
    );
    return rows[0] ?? null;
  }

  // At most one write a minute per token, not one per call.
  async touch(tokenId: string): Promise<void> {
    await this.m().query(
      `update admin_api_tokens set last_used_at = now()
        where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')`,
      [tokenId],
    );
  }

  // 'revoked' now, 'already_revoked', or 'not_found'.
  async revoke(tokenId: string, manager: EntityManager): Promise<{ outcome: 'revoked' | 'already_revoked' | 'not_found'; adminId: string | null }> {
    const [row]: Array<{ adminId: string; revokedAt: Date | null }> = await manager.query(
      `select admin_user_id as "adminId", revoked_at as "revokedAt" from admin_api_tokens where id = $1 for update`,
      [tokenId],
    );
    if (!row) return { outcome: 'not_found', adminId: null };
    if (row.revokedAt) return { outcome: 'already_revoked', adminId: row.adminId };
    await manager.query(`update admin_api_tokens set revoked_at = now() where id = $1`, [tokenId]);
    return { outcome: 'revoked', adminId: row.adminId };
  }

  async list(): Promise<TokenListing[]> {
    return this.m().query(
      `select t.id, a.id as "adminId", a.email::text as email, a.role, t.created_at as "createdAt",
              t.last_used_at as "lastUsedAt", t.revoked_at as "revokedAt"
         from admin_api_tokens t join admin_users a on a.id = t.admin_user_id
        order by a.email, t.created_at`,
    );
  }
}
