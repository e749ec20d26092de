import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { currentCorrelationId } from '../../../common/context/request-context';
import { EntitlementsService } from '../../billing';
import { UsersService } from '../../identity';
import { HoldsService, type HoldResult, MemberDeletionService, type SafetyActor, SuspensionService, type SuspensionResult } from '../../safety';
import { AdminError, AdminErrorCode } from '../admin.errors';
import { AdminAuditService } from '../audit/admin-audit.service';
import type { AdminPrincipal } from '../auth/admin-roles';
import type { EntitlementDto, HoldResultDto } from './members.dto';

// The hold's own reason (safety_holds.reason) is a short code; the staff member's words are in the
// audit row, found by the member's id.
const HOLD_REASON = 'support';

// What support does to a member. Each call is one transaction: the change through the owning
// module's service, then its audit row (AdminAuditService.audited).
@Injectable()
export class MemberActionsService {
  constructor(
    private readonly audit: AdminAuditService,
    private readonly users: UsersService,
    private readonly holds: HoldsService,
    private readonly suspensions: SuspensionService,
    private readonly deletion: MemberDeletionService,
    private readonly entitlements: EntitlementsService,
  ) {}

  applyHold(admin: AdminPrincipal, userId: string, req: { state: 'soft_hold' | 'hard_hold'; expiresAt?: Date; reason: string }): Promise<HoldResultDto> {
    return this.audited(admin, 'user.hold_applied', userId, req.reason,
      async (m) => {
        const { change } = await this.holds.applyHold(
          { userId, kind: req.state, reason: HOLD_REASON, expiresAt: req.expiresAt ?? null, actor: actorOf(admin), correlationId: cid() }, m,
        );
        return this.holdNow(change, userId, m);
      },
      (r) => ({ state: req.state, expiresAt: req.expiresAt ?? null, change: r.change }),
    );
  }

  clearHold(admin: AdminPrincipal, userId: string, reason: string): Promise<HoldResultDto> {
    return this.audited(admin, 'user.hold_cleared', userId, reason,
      async (m) => {
        await this.mustExist(userId, m);
        const { change } = await this.holds.clearHold({ userId, reason: HOLD_REASON, actor: actorOf(admin), correlationId: cid() }, m);
        return this.holdNow(change, userId, m);
      },
      (r) => ({ change: r.change }),
    );
  }

  suspend(admin: AdminPrincipal, userId: string, reason: string): Promise<SuspensionResult> {
    return this.audited(admin, 'user.suspended', userId, reason, (m) => this.suspensions.suspend(userId, actorOf(admin), cid(), m), (r) => ({ ...r }));
  }

  unsuspend(admin: AdminPrincipal, userId: string, reason: string): Promise<SuspensionResult> {
    return this.audited(admin, 'user.unsuspended', userId, reason, (m) => this.suspensions.unsuspend(userId, actorOf(admin), cid(), m), (r) => ({ ...r }));
  }

  // The member's own DELETE, done by support: soft delete and scrub (safety's MemberDeletionService).
  delete(admin: AdminPrincipal, userId: string, reason: string): Promise<{ deleted: boolean }> {
    return this.audited(admin, 'user.deleted', userId, reason, (m) => this.deletion.deleteMember(userId, actorOf(admin), m, cid()), (r) => ({ ...r }));
  }

  grantEntitlements(
    admin: AdminPrincipal,
    userId: string,
    req: { participate: boolean; initiate: boolean; expiresAt?: Date; reason: string },
  ): Promise<EntitlementDto> {
    if (req.expiresAt && req.expiresAt.getTime() <= Date.now()) {
      throw new AdminError(AdminErrorCode.InvalidRequest, 'expiresAt must be in the future.', { fields: [{ field: 'expiresAt', code: 'in_the_past', message: 'Must be in the future.' }] });
    }
    const grant = { participate: req.participate, initiate: req.initiate, expiresAt: req.expiresAt ?? null };
    return this.audited(admin, 'user.entitlements_granted', userId, req.reason,
      async (m) => {
        const member = await this.mustExist(userId, m);
        if (member.deletedAt) throw new AdminError(AdminErrorCode.MemberNotFound, 'This member deleted their account.');
        const row = await this.entitlements.grantByAdmin(userId, grant, m);
        return { participate: row.eligibleToParticipate, initiate: row.eligibleToInitiate, source: row.source, expiresAt: row.expiresAt };
      },
      () => ({ ...grant }),
    );
  }

  private audited<T>(admin: AdminPrincipal, action: string, userId: string, reason: string, change: (m: EntityManager) => Promise<T>, payload: (r: T) => Record<string, unknown>): Promise<T> {
    return this.audit.audited(admin, { action, targetType: 'user', targetId: userId, reason }, change, payload);
  }

  private async holdNow(change: HoldResult['change'], userId: string, m: EntityManager): Promise<HoldResultDto> {
    const { hold, inForce } = await this.holds.current(userId, m);
    return { change, hold: hold && { ...hold, inForce } };
  }

  private async mustExist(userId: string, m: EntityManager) {
    const member = await this.users.findById(userId, m);
    if (!member) throw new AdminError(AdminErrorCode.MemberNotFound, 'No such member.');
    return member;
  }
}

function actorOf(admin: AdminPrincipal): SafetyActor {
  return { type: 'admin', adminId: admin.adminId };
}

function cid(): string | null {
  return currentCorrelationId() ?? null;
}
