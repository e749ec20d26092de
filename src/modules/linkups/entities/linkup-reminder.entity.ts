import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { LinkUp } from './linkup.entity';

export type LinkUpReminderStatus = 'pending' | 'sent' | 'failed';

// A scheduled reminder for a locked LinkUp; idempotency_key stops double sends.
@Entity('linkup_reminders')
@Unique('linkup_reminders_idem_uniq', ['idempotencyKey'])
@Index('linkup_reminders_sched_idx', ['scheduledFor'])
@Check('linkup_reminders_status_check', "status IN ('pending', 'sent', 'failed')")
export class LinkUpReminder {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'linkup_reminders_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'linkup_id' })
  @ForeignKey(() => LinkUp, { name: 'linkup_reminders_linkup_id_fkey', onDelete: 'CASCADE' })
  linkupId: string;

  @Column({ type: 'text', name: 'reminder_type' })
  reminderType: string;

  @Column({ type: 'timestamptz', name: 'scheduled_for' })
  scheduledFor: Date;

  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'text', name: 'status', default: 'pending' })
  status: LinkUpReminderStatus;

  @Column({ type: 'text', name: 'idempotency_key' })
  idempotencyKey: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
