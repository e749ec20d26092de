import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { LinkUp } from './linkup.entity';

export type LinkUpParticipantRole = 'initiator' | 'participant';
export type LinkUpParticipantStatus = 'confirmed' | 'canceled' | 'no_show' | 'attended';

// Real membership of a LinkUp, after accept/lock.
@Entity('linkup_participants')
@Unique('linkup_participants_once', ['linkupId', 'userId'])
@Index('linkup_participants_linkup_idx', ['linkupId'])
@Index('linkup_participants_user_idx', ['userId'])
@Index('participants_linkup_status_idx', ['linkupId', 'status'])
@Check('linkup_participants_role_check', "role IN ('initiator', 'participant')")
@Check('linkup_participants_status_check', "status IN ('confirmed', 'canceled', 'no_show', 'attended')")
export class LinkUpParticipant {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'linkup_participants_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'linkup_id' })
  @ForeignKey(() => LinkUp, { name: 'linkup_participants_linkup_id_fkey', onDelete: 'CASCADE' })
  linkupId: string;

  @Column({ type: 'uuid', name: 'user_id' })
  @ForeignKey('User', { name: 'linkup_participants_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text', name: 'role' })
  role: LinkUpParticipantRole;

  @Column({ type: 'text', name: 'status', default: 'confirmed' })
  status: LinkUpParticipantStatus;

  @Column({ type: 'timestamptz', name: 'joined_at', default: () => 'now()' })
  joinedAt: Date;

  @Column({ type: 'timestamptz', name: 'left_at', nullable: true })
  leftAt: Date | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
