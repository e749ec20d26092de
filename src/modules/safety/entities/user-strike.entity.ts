import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

// Strike points (1-10) counted within a time window.
@Entity('user_strikes')
@Index('user_strikes_user_idx', ['userId'])
@Check('user_strikes_points_chk', 'points BETWEEN 1 AND 10')
@Check('user_strikes_window_chk', 'window_end > window_start')
export class UserStrike {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'user_strikes_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id' })
  @ForeignKey('User', { name: 'user_strikes_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text', name: 'strike_type' })
  strikeType: string;

  @Column({ type: 'int', name: 'points' })
  points: number;

  @Column({ type: 'text', name: 'reason', nullable: true })
  reason: string | null;

  @Column({ type: 'timestamptz', name: 'window_start' })
  windowStart: Date;

  @Column({ type: 'timestamptz', name: 'window_end' })
  windowEnd: Date;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
