import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { OtpSession } from './otp-session.entity';
import { User } from './user.entity';

// One registration request that texted a code: its random id is the `verificationId` the caller
// sends back with the code. Holds that request's details (applied to `users` only when it succeeds)
// and its own wrong-code count. Several share the number's one active OTP session (one code); they
// are deleted when one of them succeeds.
@Entity('registration_verifications')
@Index('registration_verifications_session_idx', ['otpSessionId'])
@Index('registration_verifications_user_idx', ['userId'])
@Check('registration_verifications_attempts_chk', 'attempts >= 0')
export class RegistrationVerification {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'registration_verifications_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'otp_session_id' })
  @ForeignKey(() => OtpSession, { name: 'registration_verifications_otp_session_id_fkey', onDelete: 'CASCADE' })
  otpSessionId: string;

  @Column({ type: 'uuid', name: 'user_id' })
  @ForeignKey(() => User, { name: 'registration_verifications_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text', name: 'first_name' })
  firstName: string;

  @Column({ type: 'text', name: 'last_name' })
  lastName: string;

  @Column({ type: 'date', name: 'birthday' })
  birthday: string;

  @Column({ type: 'citext', name: 'email', nullable: true })
  email: string | null;

  @Column({ type: 'text', name: 'postal_code' })
  postalCode: string;

  @Column({ type: 'text', name: 'postal_country' })
  postalCountry: string;

  @Column({ type: 'int', name: 'attempts', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
