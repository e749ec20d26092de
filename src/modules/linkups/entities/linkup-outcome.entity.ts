import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { LinkUp } from './linkup.entity';

export type AttendanceResponse = 'attended' | 'no_show' | 'unsure';

// Post-event feedback from one member about one LinkUp.
@Entity('linkup_outcomes')
@Unique('linkup_outcomes_once', ['linkupId', 'userId'])
@Index('linkup_outcomes_linkup_idx', ['linkupId'])
@Check('linkup_outcomes_attendance_response_check', "attendance_response IN ('attended', 'no_show', 'unsure')")
export class LinkUpOutcome {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'linkup_outcomes_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'linkup_id' })
  @ForeignKey(() => LinkUp, { name: 'linkup_outcomes_linkup_id_fkey', onDelete: 'CASCADE' })
  linkupId: string;

  @Column({ type: 'uuid', name: 'user_id' })
  @ForeignKey('User', { name: 'linkup_outcomes_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text', name: 'attendance_response', nullable: true })
  attendanceResponse: AttendanceResponse | null;

  @Column({ type: 'boolean', name: 'do_again', nullable: true })
  doAgain: boolean | null;

  @Column({ type: 'text', name: 'feedback', nullable: true })
  feedback: string | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
