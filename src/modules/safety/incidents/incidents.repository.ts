import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { SafetyCaseStatus } from '../entities/safety-incident.entity';

export interface IncidentRecord {
  id: string;
  userId: string | null;
  reporterUserId: string | null;
  incidentType: string;
  severity: number;
  details: Record<string, unknown>;
  status: SafetyCaseStatus;
  createdAt: Date;
}

export interface NewIncident {
  userId: string;
  reporterUserId: string;
  reporterPhoneHash: string;
  incidentType: string;
  severity: number;
  details: Record<string, unknown>;
}

const COLUMNS = `id, user_id as "userId", reporter_user_id as "reporterUserId", incident_type as "incidentType", severity,
  details, status, created_at as "createdAt"`;

@Injectable()
export class IncidentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insert(i: NewIncident, manager: EntityManager): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `insert into safety_incidents (user_id, reporter_user_id, reporter_phone_hash, incident_type, severity, details)
       values ($1, $2, $3, $4, $5, $6::jsonb) returning id`,
      [i.userId, i.reporterUserId, i.reporterPhoneHash, i.incidentType, i.severity, JSON.stringify(i.details)],
    );
    return row.id;
  }

  async find(id: string, manager?: EntityManager): Promise<IncidentRecord | null> {
    const rows: IncidentRecord[] = await this.m(manager).query(`select ${COLUMNS} from safety_incidents where id = $1`, [id]);
    return rows[0] ?? null;
  }

  async lock(id: string, manager: EntityManager): Promise<IncidentRecord | null> {
    const rows: IncidentRecord[] = await manager.query(`select ${COLUMNS} from safety_incidents where id = $1 for update`, [id]);
    return rows[0] ?? null;
  }

  async setStatus(id: string, status: SafetyCaseStatus, manager: EntityManager): Promise<void> {
    await manager.query(`update safety_incidents set status = $2, updated_at = now() where id = $1`, [id, status]);
  }
}
