import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export type SafetyCaseStatus = 'open' | 'reviewing' | 'resolved';

// A safety incident about a member (severity 1-5), for review by support.
@Entity('safety_incidents')
@Index('safety_incidents_status_idx', ['status'])
@Index('safety_incidents_user_idx', ['userId'])
@Check('safety_incidents_status_check', "status IN ('open', 'reviewing', 'resolved')")
@Check('safety_incidents_severity_chk', 'severity BETWEEN 1 AND 5')
export class SafetyIncident {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'safety_incidents_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id', nullable: true })
  @ForeignKey('User', { name: 'safety_incidents_user_id_fkey', onDelete: 'SET NULL' })
  userId: string | null;

  @Column({ type: 'uuid', name: 'reporter_user_id', nullable: true })
  @ForeignKey('User', { name: 'safety_incidents_reporter_user_id_fkey', onDelete: 'SET NULL' })
  reporterUserId: string | null;

  @Column({ type: 'text', name: 'reporter_phone_hash', nullable: true })
  reporterPhoneHash: string | null;

  @Column({ type: 'text', name: 'incident_type' })
  incidentType: string;

  @Column({ type: 'int', name: 'severity' })
  severity: number;

  @Column({ type: 'jsonb', name: 'details', default: () => "'{}'" })
  details: Record<string, unknown>;

  @Column({ type: 'text', name: 'status', default: 'open' })
  status: SafetyCaseStatus;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
