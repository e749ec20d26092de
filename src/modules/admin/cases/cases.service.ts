import { Injectable } from '@nestjs/common';
import type { PageRequest } from '../../../common/pagination';
import { IncidentsService, ReportsService, type SafetyActor } from '../../safety';
import { AdminError, AdminErrorCode } from '../admin.errors';
import { AdminAuditService } from '../audit/admin-audit.service';
import type { AdminPrincipal } from '../auth/admin-roles';
import type { CaseStatus, IncidentChangeDto, ReportChangeDto } from './cases.dto';

// Safety reports and incidents as support works them: the queues, and status changes through
// safety's services, each with its audit row in the same transaction.
@Injectable()
export class CasesService {
  constructor(
    private readonly reports: ReportsService,
    private readonly incidents: IncidentsService,
    private readonly audit: AdminAuditService,
  ) {}

  listReports(status: CaseStatus | null, page: PageRequest) {
    return this.reports.list(status, page);
  }

  listIncidents(status: CaseStatus | null, page: PageRequest) {
    return this.incidents.list(status, page);
  }

  // open/reviewing as asked; resolved is an uphold (a strike) or a dismissal.
  updateReport(admin: AdminPrincipal, reportId: string, req: { status: CaseStatus; uphold?: boolean; reason: string }): Promise<ReportChangeDto> {
    if (req.uphold !== undefined && req.status !== 'resolved') {
      throw new AdminError(AdminErrorCode.InvalidRequest, 'uphold goes with status resolved.', { fields: [{ field: 'uphold', code: 'only_when_resolved', message: 'Only with status resolved.' }] });
    }
    const actor = actorOf(admin);
    const action = req.status !== 'resolved' ? 'safety_report.status_changed' : req.uphold ? 'safety_report.upheld' : 'safety_report.dismissed';
    return this.audit.audited(
      admin,
      { action, targetType: 'safety_report', targetId: reportId, reason: req.reason },
      (m) => {
        if (req.status !== 'resolved') return this.reports.setStatus(reportId, req.status, actor, m);
        return req.uphold ? this.reports.uphold(reportId, actor, m) : this.reports.dismiss(reportId, actor, m);
      },
      (r) => ({ status: req.status, uphold: req.uphold ?? null, changed: r.changed, reportedUserId: r.report.reportedUserId }),
    );
  }

  updateIncident(admin: AdminPrincipal, incidentId: string, req: { status: CaseStatus; reason: string }): Promise<IncidentChangeDto> {
    return this.audit.audited(
      admin,
      { action: 'safety_incident.status_changed', targetType: 'safety_incident', targetId: incidentId, reason: req.reason },
      (m) => this.incidents.setStatus(incidentId, req.status, actorOf(admin), m),
      (r) => ({ status: req.status, changed: r.changed, userId: r.incident.userId }),
    );
  }
}

function actorOf(admin: AdminPrincipal): SafetyActor {
  return { type: 'admin', adminId: admin.adminId };
}
