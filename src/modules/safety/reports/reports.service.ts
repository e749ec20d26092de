import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { DomainEventsService } from '../../../common/domain-events';
import { TransactionRunner } from '../../../database';
import type { SafetyCaseStatus } from '../entities/safety-incident.entity';
import { HoldsService } from '../holds/holds.service';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { actorPayload, SYSTEM, type SafetyActor } from '../core/safety-actor';
import { SafetyError, SafetyErrorCode } from '../safety.errors';
import { SafetyService } from '../core/safety.service';
import { SafetySettings } from '../core/safety.settings';
import { within } from '../within';
import { ReportsRepository, type ReportRecord } from './reports.repository';
import { SeverityMatcher } from './severity';

// Twilio's limit for one message; a description is one message.
export const MAX_REPORT_CHARS = 1600;

export interface NewMemberReport {
  reporterUserId: string;
  reporterPhoneHash: string;
  reportedUserId: string;
  linkupId: string;
  text: string;
  correlationId?: string | null;
}

export interface FiledReport {
  reportId: string;
  severe: boolean;
  incidentId: string | null;
}

export interface ReportDecision {
  changed: boolean;
  report: ReportRecord;
}

// Reports (PRODUCT.md section 10). A report whose text holds a severe keyword (SeverityMatcher)
// also opens an incident and puts the reported member on a hard hold pending review, in the same
// transaction. The reported member is never told who reported them, nor that a report exists.
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly incidents: IncidentsRepository,
    private readonly holds: HoldsService,
    private readonly strikes: SafetyService,
    private readonly severity: SeverityMatcher,
    private readonly events: DomainEventsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(SafetySettings) private readonly settings: SafetySettings,
  ) {}

  async file(r: NewMemberReport, manager: EntityManager): Promise<FiledReport> {
    const text = r.text.trim().slice(0, MAX_REPORT_CHARS);
    const keywords = this.severity.match(text);
    const severe = keywords.length > 0;
    const reportId = await this.reports.insert(
      {
        reporterUserId: r.reporterUserId, reportedUserId: r.reportedUserId, reporterPhoneHash: r.reporterPhoneHash, reportType: 'member_report',
        details: { text, linkup_id: r.linkupId, channel: 'sms', severe, severe_keywords: keywords, truncated: r.text.trim().length > MAX_REPORT_CHARS },
      },
      manager,
    );
    const cid = r.correlationId ?? null;
    await this.record('safety_report', reportId, 'safety_report.filed', null, 'open', { type: 'member_report', severe }, cid, manager);
    if (!severe) return { reportId, severe, incidentId: null };
    const incidentId = await this.incidents.insert(
      {
        userId: r.reportedUserId, reporterUserId: r.reporterUserId, reporterPhoneHash: r.reporterPhoneHash, incidentType: 'severe_report',
        severity: this.settings.SAFETY_SEVERE_INCIDENT_SEVERITY, details: { report_id: reportId, linkup_id: r.linkupId, keywords },
      },
      manager,
    );
    await this.record('safety_incident', incidentId, 'safety_incident.opened', null, 'open', { reportId }, cid, manager);
    await this.holds.applyHold({ userId: r.reportedUserId, kind: 'hard_hold', reason: 'severe_report', actor: SYSTEM, correlationId: cid }, manager);
    return { reportId, severe, incidentId };
  }

  // Support read it and agrees: resolved as upheld, and the reported member gets the upheld-report
  // strike (SAFETY_STRIKE_UPHELD_REPORT_POINTS; enough points bring a soft hold). Idempotent.
  uphold(reportId: string, actor: SafetyActor, manager?: EntityManager): Promise<ReportDecision> {
    return this.resolve(reportId, 'upheld', actor, manager);
  }

  // Idempotent; a dismissed report strikes nobody.
  dismiss(reportId: string, actor: SafetyActor, manager?: EntityManager): Promise<ReportDecision> {
    return this.resolve(reportId, 'dismissed', actor, manager);
  }

  // open <-> reviewing while undecided (resolving is uphold or dismiss). Idempotent.
  async setStatus(reportId: string, status: Exclude<SafetyCaseStatus, 'resolved'>, actor: SafetyActor, manager?: EntityManager): Promise<ReportDecision> {
    if (status !== 'open' && status !== 'reviewing') throw new SafetyError(SafetyErrorCode.InvalidStatus, 'Resolve a report by upholding or dismissing it.');
    return within(this.tx, manager, async (m) => {
      const report = await this.mustLock(reportId, m);
      if (report.status === status) return { changed: false, report };
      if (report.status === 'resolved') throw new SafetyError(SafetyErrorCode.ReportAlreadyResolved, 'This report is already resolved.');
      await this.reports.update(reportId, status, {}, m);
      await this.record('safety_report', reportId, 'safety_report.status_changed', report.status, status, actorPayload(actor), null, m);
      return { changed: true, report: (await this.reports.find(reportId, m))! };
    });
  }

  private resolve(reportId: string, resolution: 'upheld' | 'dismissed', actor: SafetyActor, manager?: EntityManager): Promise<ReportDecision> {
    return within(this.tx, manager, async (m) => {
      const report = await this.mustLock(reportId, m);
      if (report.status === 'resolved') {
        if (report.details.resolution === resolution) return { changed: false, report };
        throw new SafetyError(SafetyErrorCode.ReportAlreadyResolved, `This report was already ${String(report.details.resolution)}.`);
      }
      const now = this.clock.now();
      await this.reports.update(reportId, 'resolved', { resolution, resolved_at: now.toISOString(), resolved_by: actorPayload(actor) }, m);
      await this.record('safety_report', reportId, `safety_report.${resolution}`, report.status, 'resolved', actorPayload(actor), null, m);
      if (resolution === 'upheld' && report.reportedUserId) {
        await this.strikes.addStrike(
          { userId: report.reportedUserId, type: 'upheld_report', reason: 'report_upheld', idempotencyKey: `report_upheld:${reportId}`, now },
          m,
        );
      }
      return { changed: true, report: (await this.reports.find(reportId, m))! };
    });
  }

  private async mustLock(reportId: string, m: EntityManager): Promise<ReportRecord> {
    const report = await this.reports.lock(reportId, m);
    if (!report) throw new SafetyError(SafetyErrorCode.ReportNotFound, 'No such report.');
    return report;
  }

  private async record(
    entityType: string,
    entityId: string,
    eventType: string,
    from: string | null,
    to: string,
    payload: Record<string, unknown>,
    correlationId: string | null,
    m: EntityManager,
  ): Promise<void> {
    await this.events.record({ entityType, entityId, eventType, fromState: from, toState: to, correlationId, payload }, m);
  }
}
