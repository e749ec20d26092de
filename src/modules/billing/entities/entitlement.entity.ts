import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

// What a member may do right now, derived from billing (or granted by ops).
@Entity('entitlements')
@Unique('entitlements_user_uniq', ['userId'])
@Index('entitlements_participate_idx', ['eligibleToParticipate'])
// The matching candidate cache's incremental reads (migration MatchingCacheIndexes).
@Index('entitlements_updated_at_idx', ['updatedAt'])
export class Entitlement {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'entitlements_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id' })
  @ForeignKey('User', { name: 'entitlements_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'boolean', name: 'eligible_to_participate', default: false })
  eligibleToParticipate: boolean;

  @Column({ type: 'boolean', name: 'eligible_to_initiate', default: false })
  eligibleToInitiate: boolean;

  @Column({ type: 'text', name: 'source', default: 'stripe' })
  source: string;

  @Column({ type: 'timestamptz', name: 'effective_at', default: () => 'now()' })
  effectiveAt: Date;

  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
