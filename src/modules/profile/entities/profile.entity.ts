import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { PROFILE_STATES, type ProfileState } from '../../../database/enums';

// Friend Fingerprint, activity patterns, boundaries and preferences (JSON shapes in schema.md).
@Entity('profiles')
@Unique('profiles_user_uniq', ['userId'])
@Index('profiles_state_idx', ['state'])
// The matching candidate cache's incremental reads (migration MatchingCacheIndexes).
@Index('profiles_updated_at_idx', ['updatedAt'])
@Index('profiles_user_idx', ['userId'])
export class Profile {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'profiles_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id' })
  @ForeignKey('User', { name: 'profiles_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'enum', enum: PROFILE_STATES, enumName: 'profile_state', name: 'state', default: 'empty' })
  state: ProfileState;

  @Column({ type: 'jsonb', name: 'fingerprint', default: () => "'{}'" })
  fingerprint: Record<string, unknown>;

  @Column({ type: 'jsonb', name: 'activity_patterns', default: () => "'[]'" })
  activityPatterns: unknown[];

  @Column({ type: 'jsonb', name: 'boundaries', default: () => "'{}'" })
  boundaries: Record<string, unknown>;

  @Column({ type: 'jsonb', name: 'preferences', default: () => "'{}'" })
  preferences: Record<string, unknown>;

  @Column({ type: 'jsonb', name: 'active_intent', nullable: true })
  activeIntent: Record<string, unknown> | null;

  @Column({ type: 'text', name: 'last_interview_step', nullable: true })
  lastInterviewStep: string | null;

  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'stale_at', nullable: true })
  staleAt: Date | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
