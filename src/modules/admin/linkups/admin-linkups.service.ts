import { Injectable } from '@nestjs/common';
import { currentCorrelationId } from '../../../common/context/request-context';
import type { PageRequest } from '../../../common/pagination';
import type { LinkUpState } from '../../../database/enums';
import { UsersService } from '../../identity';
import { LinkupSupportService } from '../../linkups';
import { AdminAuditService } from '../audit/admin-audit.service';
import type { AdminPrincipal } from '../auth/admin-roles';
import type { LinkupCancelResultDto, LinkupDetailDto } from './linkups.dto';

// LinkUps for support, through LinkUps' LinkupSupportService; participants get their first names.
@Injectable()
export class AdminLinkupsService {
  constructor(
    private readonly linkups: LinkupSupportService,
    private readonly users: UsersService,
    private readonly audit: AdminAuditService,
  ) {}

  list(filter: { regionId?: string; state?: LinkUpState }, page: PageRequest) {
    return this.linkups.list(filter, page);
  }

  async detail(linkupId: string): Promise<LinkupDetailDto> {
    const d = await this.linkups.detail(linkupId);
    const participants = await Promise.all(
      d.participants.map(async (p) => ({ ...p, firstName: (await this.users.findById(p.userId))?.firstName ?? '' })),
    );
    return { ...d, participants };
  }

  cancel(admin: AdminPrincipal, linkupId: string, reason: string): Promise<LinkupCancelResultDto> {
    return this.audit.audited(
      admin,
      { action: 'linkup.canceled', targetType: 'linkup', targetId: linkupId, reason },
      (m) => this.linkups.cancel(linkupId, currentCorrelationId() ?? null, m),
      (r) => ({ ...r }),
    );
  }
}
