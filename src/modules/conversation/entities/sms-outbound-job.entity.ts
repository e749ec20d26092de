import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type SmsOutboundStatus = 'pending' | 'sent' | 'failed';

// One outbound SMS; idempotency_key is derived from its cause so a retried handler
// cannot queue it twice. The dispatcher columns come from SchemaGaps.
@Entity('sms_outbound_jobs')
@Unique('sms_outbound_idem_uniq', ['idempotencyKey'])
@Index('sms_outbound_jobs_status_idx', ['status'])
@Index('sms_outbound_jobs_user_idx', ['userId'])
@Index('sms_outbound_jobs_created_idx', ['createdAt'])
@Index('sms_outbound_jobs_due_idx', ['status', 'priority', 'runAfter'], { where: "status = 'pending'" })
@Check('sms_outbound_jobs_status_check', "status IN ('pending', 'sent', 'failed')")
@Check('sms_outbound_jobs_attempts_chk', 'attempts >= 0')
export class SmsOutboundJob {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'sms_outbound_jobs_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id', nullable: true })
  @ForeignKey('User', { name: 'sms_outbound_jobs_user_id_fkey', onDelete: 'SET NULL' })
  userId: string | null;

  @Column({ type: 'text', name: 'to_e164' })
  toE164: string;

  @Column({ type: 'bytea', name: 'body_ciphertext', nullable: true })
  bodyCiphertext: Buffer | null;

  @Column({ type: 'bytea', name: 'body_iv', nullable: true })
  bodyIv: Buffer | null;

  @Column({ type: 'bytea', name: 'body_tag', nullable: true })
  bodyTag: Buffer | null;

  @Column({ type: 'int', name: 'key_version', default: 1 })
  keyVersion: number;

  @Column({ type: 'text', name: 'purpose' })
  purpose: string;

  @Column({ type: 'text', name: 'status', default: 'pending' })
  status: SmsOutboundStatus;

  @Column({ type: 'text', name: 'twilio_message_sid', nullable: true })
  twilioMessageSid: string | null;

  @Column({ type: 'int', name: 'attempts', default: 0 })
  attempts: number;

  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError: string | null;

  @Column({ type: 'uuid', name: 'correlation_id', nullable: true })
  correlationId: string | null;

  @Column({ type: 'text', name: 'idempotency_key' })
  idempotencyKey: string;

  // Lower goes first: OTP codes and lock confirmations ahead of bulk invites.
  @Column({ type: 'int', name: 'priority', default: 100 })
  priority: number;

  // Next attempt not before this (backoff).
  @Column({ type: 'timestamptz', name: 'run_after', default: () => 'now()' })
  runAfter: Date;

  // Lease held by a dispatcher; expired leases are claimable again.
  @Column({ type: 'timestamptz', name: 'locked_until', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'text', name: 'locked_by', nullable: true })
  lockedBy: string | null;

  // Validity period: past this the message is dropped, not sent late.
  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  // When the last provider call started; kept while its outcome is unknown (timeout, 5xx, a dispatcher
  // that died), so the next try first looks for a message the provider created anyway.
  @Column({ type: 'timestamptz', name: 'send_started_at', nullable: true })
  sendStartedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
