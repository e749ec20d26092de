import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Region } from './region.entity';

export type RegionMembershipStatus = 'active' | 'waitlisted';

// A member's primary region, active or waitlisted.
@Entity('region_memberships')
@Unique('region_membership_one_active', ['userId', 'status'])
@Index('region_memberships_region_idx', ['regionId'])
// The matching candidate cache's incremental reads (migration MatchingCacheIndexes).
@Index('region_memberships_updated_at_idx', ['updatedAt'])
@Index('region_memberships_user_idx', ['userId'])
@Check('region_memberships_status_check', "status IN ('active', 'waitlisted')")
export class RegionMembership {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'region_memberships_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id' })
  @ForeignKey('User', { name: 'region_memberships_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'uuid', name: 'region_id' })
  @ForeignKey(() => Region, { name: 'region_memberships_region_id_fkey', onDelete: 'RESTRICT' })
  regionId: string;

  @Column({ type: 'text', name: 'status' })
  status: RegionMembershipStatus;

  @Column({ type: 'timestamptz', name: 'joined_at', default: () => 'now()' })
  joinedAt: Date;

  @Column({ type: 'timestamptz', name: 'released_at', nullable: true })
  releasedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
