import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { currentCorrelationId } from '../../../common/context/request-context';
import { decodeCursor, type Page, pageOf, type PageRequest } from '../../../common/pagination';
import { AppConfig } from '../../../config';
import { TransactionRunner } from '../../../database';
import type { AdminPrincipal } from '../auth/admin-roles';
import { AdminAuditRepository, type AuditFilter, type AuditRow } from './admin-audit.repository';
import { maskPhonesInText, redactPayload } from './redact';

export type AuditTargetType = 'user' | 'safety_report' | 'safety_incident' | 'linkup' | 'region' | 'stripe_event' | 'admin_api_token';

export interface AuditEntry {
  action: string; // 'user.hold_applied', 'region.opened', 'user.messages_read' ...
  targetType: AuditTargetType;
  targetId: string | null;
  reason: string | null;
  payload?: Record<string, unknown>;
}

// The one way the admin API changes anything (and reads message bodies): `audited` runs the
// change and inserts its admin_audit_log row in the same transaction, after the change, so the
// row commits only with the change and a change that fails leaves no row. Payloads and reasons are
// redacted (phone numbers masked; names, emails, message text dropped) before they are stored.
@Injectable()
export class AdminAuditService {
  constructor(
    private readonly rows: AdminAuditRepository,
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
  ) {}

  // `targetId` may be read from the result (a region it creates).
  audited<T>(
    admin: AdminPrincipal,
    entry: Omit<AuditEntry, 'payload' | 'targetId'> & { targetId: string | null | ((result: T) => string | null) },
    change: (m: EntityManager) => Promise<T>,
    payloadOf: (result: T) => Record<string, unknown> = () => ({}),
  ): Promise<T> {
    return this.tx.run(async (m) => {
      const result = await change(m);
      const targetId = typeof entry.targetId === 'function' ? entry.targetId(result) : entry.targetId;
      await this.record(admin, { ...entry, targetId, payload: payloadOf(result) }, m);
      return result;
    });
  }

  // Inside the caller's transaction. `admin` null: not an API call (the admin:token CLI).
  async record(admin: AdminPrincipal | null, entry: AuditEntry, m: EntityManager): Promise<string> {
    const correlationId = currentCorrelationId() ?? null;
    const country = this.config.env.DEFAULT_PHONE_REGION;
    return this.rows.insert(
      {
        adminUserId: admin?.adminId ?? null,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        reason: entry.reason === null ? null : maskPhonesInText(entry.reason, country),
        payload: redactPayload({ ...(entry.payload ?? {}), ...(admin ? { tokenId: admin.tokenId } : {}), correlationId }, country) as Record<string, unknown>,
      },
      m,
    );
  }

  async list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditRow>> {
    return pageOf(await this.rows.listPage(filter, decodeCursor(page.cursor), page.limit + 1), page.limit);
  }
}
