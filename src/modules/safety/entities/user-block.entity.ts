import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

// Blocker never meets blocked again.
@Entity('user_blocks')
@Unique('user_blocks_once', ['blockerUserId', 'blockedUserId'])
// Blocks looked up from the blocked side (matching checks both directions; user_blocks_once leads with the blocker).
@Index('user_blocks_blocked_idx', ['blockedUserId'])
@Check('user_blocks_no_self_chk', 'blocker_user_id <> blocked_user_id')
export class UserBlock {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'user_blocks_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'blocker_user_id' })
  @ForeignKey('User', { name: 'user_blocks_blocker_user_id_fkey', onDelete: 'CASCADE' })
  blockerUserId: string;

  @Column({ type: 'uuid', name: 'blocked_user_id' })
  @ForeignKey('User', { name: 'user_blocks_blocked_user_id_fkey', onDelete: 'CASCADE' })
  blockedUserId: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
