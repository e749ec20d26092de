import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from './user.entity';

// An OTP verification flow; only the code's HMAC is stored.
@Entity('otp_sessions')
// From schema.md; does not stop two unverified sessions (NULLs are distinct), hence the partial index below.
@Unique('otp_one_active_per_user', ['userId', 'verifiedAt'])
@Index('otp_sessions_one_active_idx', ['userId'], { unique: true, where: 'verified_at IS NULL' })
@Index('otp_sessions_user_idx', ['userId'])
@Index('otp_sessions_expires_idx', ['expiresAt'])
@Check('otp_sessions_attempts_chk', 'attempts >= 0')
export class OtpSession {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'otp_sessions_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id' })
  @ForeignKey(() => User, { name: 'otp_sessions_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text', name: 'otp_hash' })
  otpHash: string;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', name: 'verified_at', nullable: true })
  verifiedAt: Date | null;

  @Column({ type: 'int', name: 'attempts', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
