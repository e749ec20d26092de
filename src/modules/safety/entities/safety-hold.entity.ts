import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { SAFETY_HOLD_STATES, type SafetyHoldState } from '../../../database/enums';

// A member's current hold (one row per member). applied_by_admin has no FK (schema.md).
@Entity('safety_holds')
@Unique('safety_holds_user_uniq', ['userId'])
@Index('safety_holds_state_idx', ['state'])
// The matching candidate cache's incremental reads (migration MatchingCacheIndexes).
@Index('safety_holds_updated_at_idx', ['updatedAt'])
// The hourly sweep's look for holds past their expiry (migration SafetyAndRefill).
@Index('safety_holds_expiry_idx', ['expiresAt'], { where: "state <> 'none' AND cleared_at IS NULL" })
export class SafetyHold {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'safety_holds_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id' })
  @ForeignKey('User', { name: 'safety_holds_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'enum', enum: SAFETY_HOLD_STATES, enumName: 'safety_hold_state', name: 'state', default: 'none' })
  state: SafetyHoldState;

  @Column({ type: 'text', name: 'reason', nullable: true })
  reason: string | null;

  @Column({ type: 'timestamptz', name: 'applied_at', nullable: true })
  appliedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', name: 'cleared_at', nullable: true })
  clearedAt: Date | null;

  @Column({ type: 'uuid', name: 'applied_by_admin', nullable: true })
  appliedByAdmin: string | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
