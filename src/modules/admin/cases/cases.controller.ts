import { Body, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { AdminController, AdminRoute, CurrentAdmin } from '../auth/admin-route.decorator';
import type { AdminPrincipal } from '../auth/admin-roles';
import { pageRequest, UuidParam } from '../common/common.dto';
import {
  CaseListQueryDto, IncidentChangeDto, IncidentPageDto, ReportChangeDto, ReportPageDto, UpdateIncidentDto, UpdateReportDto,
} from './cases.dto';
import { CasesService } from './cases.service';

@AdminController('reports')
export class ReportsController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @AdminRoute('support', { summary: 'Safety reports, newest first' })
  @ApiOkResponse({ type: ReportPageDto })
  list(@Query() q: CaseListQueryDto): Promise<ReportPageDto> {
    return this.cases.listReports(q.status ?? null, pageRequest(q));
  }

  @Patch(':id')
  @AdminRoute('support', { summary: 'Change a report\'s status (resolve: uphold or dismiss)', audited: true })
  @ApiOkResponse({ type: ReportChangeDto })
  update(@CurrentAdmin() admin: AdminPrincipal, @Param('id', UuidParam) id: string, @Body() body: UpdateReportDto): Promise<ReportChangeDto> {
    return this.cases.updateReport(admin, id, body);
  }
}

@AdminController('incidents')
export class IncidentsController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @AdminRoute('support', { summary: 'Safety incidents, newest first' })
  @ApiOkResponse({ type: IncidentPageDto })
  list(@Query() q: CaseListQueryDto): Promise<IncidentPageDto> {
    return this.cases.listIncidents(q.status ?? null, pageRequest(q));
  }

  @Patch(':id')
  @AdminRoute('support', { summary: "Change an incident's status", audited: true, description: 'Clearing the member\'s hold is a separate step (POST /admin/v1/users/:id/holds/clear).' })
  @ApiOkResponse({ type: IncidentChangeDto })
  update(@CurrentAdmin() admin: AdminPrincipal, @Param('id', UuidParam) id: string, @Body() body: UpdateIncidentDto): Promise<IncidentChangeDto> {
    return this.cases.updateIncident(admin, id, body);
  }
}
