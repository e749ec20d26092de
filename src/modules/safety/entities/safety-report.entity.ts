import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { SafetyCaseStatus } from './safety-incident.entity';

// A report filed by a member (or an unknown number, by phone hash) about another member.
@Entity('safety_reports')
@Index('safety_reports_status_idx', ['status'])
// Reports about a member (support's review, the admin API).
@Index('safety_reports_reported_idx', ['reportedUserId'])
@Check('safety_reports_status_check', "status IN ('open', 'reviewing', 'resolved')")
export class SafetyReport {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'safety_reports_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'reporter_user_id', nullable: true })
  @ForeignKey('User', { name: 'safety_reports_reporter_user_id_fkey', onDelete: 'SET NULL' })
  reporterUserId: string | null;

  @Column({ type: 'uuid', name: 'reported_user_id', nullable: true })
  @ForeignKey('User', { name: 'safety_reports_reported_user_id_fkey', onDelete: 'SET NULL' })
  reportedUserId: string | null;

  @Column({ type: 'text', name: 'reporter_phone_hash', nullable: true })
  reporterPhoneHash: string | null;

  @Column({ type: 'text', name: 'report_type' })
  reportType: string;

  @Column({ type: 'jsonb', name: 'details', default: () => "'{}'" })
  details: Record<string, unknown>;

  @Column({ type: 'text', name: 'status', default: 'open' })
  status: SafetyCaseStatus;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
