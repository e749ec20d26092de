import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

// One row per sender (the Messaging Service SID, else the from number): the pacing slot shared by
// every instance (next_send_at: the earliest time the next segment may go) and an operator pause
// (30002/30007/30034), lifted with `npm run sms:sender -- resume`.
@Entity('sms_sender_states')
@Check('sms_sender_states_pause_chk', '(paused_at is null) = (paused_code is null)')
export class SmsSenderState {
  @PrimaryColumn({ type: 'text', name: 'sender', primaryKeyConstraintName: 'sms_sender_states_pkey' })
  sender: string;

  @Column({ type: 'timestamptz', name: 'next_send_at', default: () => 'now()' })
  nextSendAt: Date;

  @Column({ type: 'timestamptz', name: 'paused_at', nullable: true })
  pausedAt: Date | null;

  @Column({ type: 'text', name: 'paused_code', nullable: true })
  pausedCode: string | null;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
