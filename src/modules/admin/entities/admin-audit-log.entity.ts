import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AdminUser } from './admin-user.entity';

// Every admin action, with its reason; append-only (a trigger refuses updates and deletes, see
// migration AdminApi).
@Entity('admin_audit_log')
@Index('admin_audit_action_idx', ['action'])
@Index('admin_audit_target_idx', ['targetType', 'targetId'])
// The audit-log endpoint: newest first, whole log or by admin or by target.
@Index('admin_audit_log_created_idx', ['createdAt', 'id'])
@Index('admin_audit_log_admin_created_idx', ['adminUserId', 'createdAt', 'id'])
@Index('admin_audit_log_target_created_idx', ['targetId', 'createdAt', 'id'])
export class AdminAuditLog {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'admin_audit_log_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'admin_user_id', nullable: true })
  @ForeignKey(() => AdminUser, { name: 'admin_audit_log_admin_user_id_fkey', onDelete: 'SET NULL' })
  adminUserId: string | null;

  @Column({ type: 'text', name: 'action' })
  action: string;

  @Column({ type: 'text', name: 'target_type' })
  targetType: string;

  @Column({ type: 'uuid', name: 'target_id', nullable: true })
  targetId: string | null;

  @Column({ type: 'text', name: 'reason', nullable: true })
  reason: string | null;

  @Column({ type: 'jsonb', name: 'payload', default: () => "'{}'" })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
