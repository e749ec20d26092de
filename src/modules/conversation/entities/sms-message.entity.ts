import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type SmsDirection = 'in' | 'out';

// Every inbound and outbound SMS; the body is AES-256-GCM encrypted (ciphertext, IV, tag).
@Entity('sms_messages')
@Unique('sms_messages_twilio_sid_uniq', ['twilioMessageSid'])
@Index('sms_messages_user_idx', ['userId'])
@Index('sms_messages_created_idx', ['createdAt'])
@Index('sms_messages_direction_idx', ['direction'])
@Index('sms_messages_unhandled_idx', ['createdAt'], { where: "direction = 'in' AND status = 'received'" })
@Check('sms_messages_direction_check', "direction IN ('in', 'out')")
@Check('sms_messages_media_count_chk', 'media_count >= 0')
export class SmsMessage {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'sms_messages_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id', nullable: true })
  @ForeignKey('User', { name: 'sms_messages_user_id_fkey', onDelete: 'SET NULL' })
  userId: string | null;

  @Column({ type: 'text', name: 'direction' })
  direction: SmsDirection;

  @Column({ type: 'text', name: 'from_e164' })
  fromE164: string;

  @Column({ type: 'text', name: 'to_e164' })
  toE164: string;

  @Column({ type: 'text', name: 'twilio_message_sid' })
  twilioMessageSid: string;

  @Column({ type: 'bytea', name: 'body_ciphertext', nullable: true })
  bodyCiphertext: Buffer | null;

  @Column({ type: 'bytea', name: 'body_iv', nullable: true })
  bodyIv: Buffer | null;

  @Column({ type: 'bytea', name: 'body_tag', nullable: true })
  bodyTag: Buffer | null;

  @Column({ type: 'int', name: 'key_version', default: 1 })
  keyVersion: number;

  @Column({ type: 'int', name: 'media_count', default: 0 })
  mediaCount: number;

  @Column({ type: 'text', name: 'status', nullable: true })
  status: string | null;

  @Column({ type: 'timestamptz', name: 'last_status_at', nullable: true })
  lastStatusAt: Date | null;

  @Column({ type: 'uuid', name: 'correlation_id', nullable: true })
  correlationId: string | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
