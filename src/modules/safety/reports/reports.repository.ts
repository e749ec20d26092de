import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { SafetyCaseStatus } from '../entities/safety-incident.entity';

export interface ReportRecord {
  id: string;
  reporterUserId: string | null;
  reportedUserId: string | null;
  reportType: string;
  details: Record<string, unknown>;
  status: SafetyCaseStatus;
  createdAt: Date;
}

export interface NewReport {
  reporterUserId: string;
  reportedUserId: string;
  reporterPhoneHash: string;
  reportType: string;
  details: Record<string, unknown>;
}

const COLUMNS = `id, reporter_user_id as "reporterUserId", reported_user_id as "reportedUserId", report_type as "reportType",
  details, status, created_at as "createdAt"`;

@Injectable()
export class ReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insert(r: NewReport, manager: EntityManager): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `insert into safety_reports (reporter_user_id, reported_user_id, reporter_phone_hash, report_type, details)
       values ($1, $2, $3, $4, $5::jsonb) returning id`,
      [r.reporterUserId, r.reportedUserId, r.reporterPhoneHash, r.reportType, JSON.stringify(r.details)],
    );
    return row.id;
  }

  async find(id: string, manager?: EntityManager): Promise<ReportRecord | null> {
    const rows: ReportRecord[] = await this.m(manager).query(`select ${COLUMNS} from safety_reports where id = $1`, [id]);
    return rows[0] ?? null;
  }

  async lock(id: string, manager: EntityManager): Promise<ReportRecord | null> {
    const rows: ReportRecord[] = await manager.query(`select ${COLUMNS} from safety_reports where id = $1 for update`, [id]);
    return rows[0] ?? null;
  }

  // Status, and facts merged into details (the resolution, who resolved it and when).
  async update(id: string, status: SafetyCaseStatus, detailsPatch: Record<string, unknown>, manager: EntityManager): Promise<void> {
    await manager.query(
      `update safety_reports set status = $2, details = details || $3::jsonb, updated_at = now() where id = $1`,
      [id, status, JSON.stringify(detailsPatch)],
    );
  }
}
