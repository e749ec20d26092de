import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

// A delivery status callback that arrived before its outbound sms_messages row was written (Twilio
// can call back before our send completes); applied, and deleted, when the row appears.
@Entity('sms_early_status_callbacks')
@Index('sms_early_status_callbacks_received_idx', ['receivedAt'])
export class SmsEarlyStatusCallback {
  @PrimaryColumn({ type: 'text', name: 'twilio_message_sid', primaryKeyConstraintName: 'sms_early_status_callbacks_pkey' })
  twilioMessageSid: string;

  @Column({ type: 'text', name: 'status' })
  status: string;

  @Column({ type: 'text', name: 'error_code', nullable: true })
  errorCode: string | null;

  @Column({ type: 'timestamptz', name: 'received_at', default: () => 'now()' })
  receivedAt: Date;
}
