import { Injectable } from '@nestjs/common';
import { MessageHistoryService } from '../../conversation';
import { UsersService } from '../../identity';
import type { PageRequest } from '../../../common/pagination';
import { AdminError, AdminErrorCode } from '../admin.errors';
import { AdminAuditService } from '../audit/admin-audit.service';
import { type AdminPrincipal, roleAtLeast } from '../auth/admin-roles';
import type { MessageDto } from './members.dto';

// A member's SMS: metadata for support; decrypted bodies only for engineering, with a reason, and
// the read is an audit row written in the same transaction as the decryption (no row, no bodies).
@Injectable()
export class MemberMessagesService {
  constructor(
    private readonly history: MessageHistoryService,
    private readonly users: UsersService,
    private readonly audit: AdminAuditService,
  ) {}

  async list(admin: AdminPrincipal, userId: string, page: PageRequest, bodies: { include: boolean; reason?: string }): Promise<{ items: MessageDto[]; nextCursor: string | null }> {
    if (!bodies.include) {
      await this.mustExist(userId);
      return this.history.listForUser(userId, page, { includeBodies: false });
    }
    if (!roleAtLeast(admin.role, 'engineering')) throw new AdminError(AdminErrorCode.Forbidden, 'Message bodies need the engineering role.');
    if (!bodies.reason) {
      throw new AdminError(AdminErrorCode.InvalidRequest, 'Reading message bodies needs a reason.', {
        fields: [{ field: 'reason', code: 'required', message: 'A reason (3-500 characters) is required with includeBodies=true.' }],
      });
    }
    await this.mustExist(userId);
    return this.audit.audited(
      admin,
      { action: 'user.messages_read', targetType: 'user', targetId: userId, reason: bodies.reason },
      (m) => this.history.listForUser(userId, page, { includeBodies: true }, m),
      (r) => ({ bodies: true, messageIds: r.items.map((i) => i.id), cursor: page.cursor ?? null }),
    );
  }

  private async mustExist(userId: string): Promise<void> {
    if (!(await this.users.findById(userId))) throw new AdminError(AdminErrorCode.MemberNotFound, 'No such member.');
  }
}
