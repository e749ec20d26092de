import { Get, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { AdminController, AdminRoute } from '../auth/admin-route.decorator';
import { pageRequest } from '../common/common.dto';
import { AdminAuditService } from './admin-audit.service';
import { AuditLogQueryDto, AuditPageDto } from './audit-log.dto';

@AdminController('audit-log')
export class AuditLogController {
  constructor(private readonly audit: AdminAuditService) {}

  @Get()
  @AdminRoute('ops', { summary: 'The admin audit log, newest first' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() q: AuditLogQueryDto): Promise<AuditPageDto> {
    return this.audit.list({ adminId: q.adminId ?? null, targetId: q.targetId ?? null, action: q.action ?? null }, pageRequest(q));
  }
}
