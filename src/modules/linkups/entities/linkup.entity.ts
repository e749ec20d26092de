import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { LINKUP_STATES, type LinkUpState } from '../../../database/enums';

// A small-group plan; lock_version guards the lock transition under concurrency.
@Entity('linkups')
@Unique('linkups_create_key_uniq', ['linkupCreateKey'])
@Index('linkups_region_state_idx', ['regionId', 'state'])
@Index('linkups_initiator_idx', ['initiatorUserId'])
@Index('linkups_window_idx', ['acceptanceWindowEndsAt'])
@Index('linkups_state_window_idx', ['state', 'acceptanceWindowEndsAt'])
// Wave scheduling (migration LinkupMatching): only broadcasting LinkUps are indexed.
@Index('linkups_next_wave_idx', ['nextWaveAt'], { where: "state = 'broadcasting'" })
// Refill waves of locked LinkUps that lost someone (migration SafetyAndRefill).
@Index('linkups_refill_due_idx', ['nextWaveAt'], { where: "state = 'locked' AND next_wave_at IS NOT NULL" })
@Check('linkups_size_chk', 'min_size >= 2 AND max_size <= 6 AND min_size <= max_size')
export class LinkUp {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'linkups_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'initiator_user_id' })
  @ForeignKey('User', { name: 'linkups_initiator_user_id_fkey', onDelete: 'RESTRICT' })
  initiatorUserId: string;

  @Column({ type: 'uuid', name: 'region_id' })
  @ForeignKey('Region', { name: 'linkups_region_id_fkey', onDelete: 'RESTRICT' })
  regionId: string;

  @Column({ type: 'enum', enum: LINKUP_STATES, enumName: 'linkup_state', name: 'state', default: 'draft' })
  state: LinkUpState;

  @Column({ type: 'jsonb', name: 'brief' })
  brief: Record<string, unknown>;

  @Column({ type: 'timestamptz', name: 'acceptance_window_ends_at', nullable: true })
  acceptanceWindowEndsAt: Date | null;

  @Column({ type: 'timestamptz', name: 'event_time', nullable: true })
  eventTime: Date | null;

  @Column({ type: 'jsonb', name: 'venue', nullable: true })
  venue: Record<string, unknown> | null;

  @Column({ type: 'int', name: 'min_size', default: 2 })
  minSize: number;

  @Column({ type: 'int', name: 'max_size', default: 6 })
  maxSize: number;

  @Column({ type: 'int', name: 'lock_version', default: 0 })
  lockVersion: number;

  @Column({ type: 'timestamptz', name: 'locked_at', nullable: true })
  lockedAt: Date | null;

  @Column({ type: 'text', name: 'canceled_reason', nullable: true })
  canceledReason: string | null;

  @Column({ type: 'uuid', name: 'correlation_id', nullable: true })
  correlationId: string | null;

  // When the next invite wave is due; null = none (migration LinkupMatching).
  @Column({ type: 'timestamptz', name: 'next_wave_at', nullable: true })
  nextWaveAt: Date | null;

  @Column({ type: 'int', name: 'waves_sent', default: 0 })
  wavesSent: number;

  @Column({ type: 'text', name: 'linkup_create_key' })
  linkupCreateKey: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
