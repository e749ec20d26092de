import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { TransactionRunner } from '../../../database';
import { AdminAuditService } from '../audit/admin-audit.service';
import { type AdminPrincipal, type AdminRole } from './admin-roles';
import { type AdminAccount, AdminTokensRepository, type TokenListing } from './admin-tokens.repository';

// josh_admin_<token id, 32 hex>_<secret, 43 base64url = 256 bits>. The id finds the row; the hash
// of the whole token is compared in constant time; only that hash is stored.
const TOKEN_RE = /^josh_admin_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;
// Compared against when the token names no row, so an unknown id costs the same as a wrong secret.
const NO_HASH = Buffer.alloc(32);

export interface IssuedToken {
  token: string; // shown once
  tokenId: string;
  admin: AdminAccount;
  adminCreated: boolean;
  roleChangedFrom: AdminRole | null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function uuidFromHex(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Admin accounts and their bearer tokens (`npm run admin:token`), and resolving a token on each
// request. Issuing and revoking are written to admin_audit_log (no admin behind a CLI call).
@Injectable()
export class AdminTokensService {
  constructor(
    private readonly tokens: AdminTokensRepository,
    private readonly audit: AdminAuditService,
    private readonly tx: TransactionRunner,
  ) {}

  // Creates the admin if missing (an existing admin takes the role given) and a new token.
  async issue(email: string, role: AdminRole, reason: string | null): Promise<IssuedToken> {
    const tokenId = randomUUID();
    const token = `josh_admin_${tokenId.replace(/-/g, '')}_${randomBytes(32).toString('base64url')}`;
    return this.tx.run(async (m) => {
      const { admin, created, previousRole } = await this.tokens.upsertAdmin(email.trim().toLowerCase(), role, m);
      await this.tokens.insertToken(tokenId, admin.id, hashToken(token), m);
      await this.audit.record(
        null,
        { action: 'admin_token.issued', targetType: 'admin_api_token', targetId: tokenId, reason, payload: { adminId: admin.id, role, adminCreated: created, roleChangedFrom: previousRole, via: 'cli' } },
        m,
      );
      return { token, tokenId, admin, adminCreated: created, roleChangedFrom: previousRole };
    });
  }

  revoke(tokenId: string, reason: string | null): Promise<'revoked' | 'already_revoked' | 'not_found'> {
    return this.tx.run(async (m) => {
      const { outcome, adminId } = await this.tokens.revoke(tokenId, m);
      if (outcome === 'revoked') {
        await this.audit.record(null, { action: 'admin_token.revoked', targetType: 'admin_api_token', targetId: tokenId, reason, payload: { adminId, via: 'cli' } }, m);
      }
      return outcome;
    });
  }

  list(): Promise<TokenListing[]> {
    return this.tokens.list();
  }

  // The caller behind a bearer token, or null (missing, malformed, unknown, wrong or revoked: the
  // caller cannot tell which).
  async authenticate(token: string | undefined): Promise<AdminPrincipal | null> {
    const match = token ? TOKEN_RE.exec(token) : null;
    const tokenId = match ? uuidFromHex(match[1]) : null;
    const row = tokenId ? await this.tokens.findForAuth(tokenId) : null;
    const presented = Buffer.from(hashToken(token ?? ''), 'hex');
    const stored = row ? Buffer.from(row.tokenHash, 'hex') : NO_HASH;
    const same = timingSafeEqual(presented, stored);
    if (!row || !tokenId || !same || row.revokedAt) return null;
    await this.tokens.touch(tokenId);
    return { adminId: row.adminId, email: row.email, role: row.role, tokenId };
  }
}
