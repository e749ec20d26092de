import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

// Append-only record of every profile update, for audit and learning.
@Entity('profile_events')
@Unique('profile_events_idem_uniq', ['idempotencyKey'])
@Index('profile_events_user_idx', ['userId'])
@Index('profile_events_type_idx', ['eventType'])
export class ProfileEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'profile_events_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id' })
  @ForeignKey('User', { name: 'profile_events_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text', name: 'event_type' })
  eventType: string;

  @Column({ type: 'text', name: 'source' })
  source: string;

  @Column({ type: 'jsonb', name: 'payload' })
  payload: Record<string, unknown>;

  @Column({ type: 'text', name: 'idempotency_key' })
  idempotencyKey: string;

  @Column({ type: 'uuid', name: 'correlation_id', nullable: true })
  correlationId: string | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
