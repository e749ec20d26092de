import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { USER_STATES, type UserState } from '../../../database/enums';

// A member, keyed by phone identity. phone_hash = HMAC of the E.164 number (PRODUCT.md 2).
@Entity('users')
@Unique('users_phone_hash_uniq', ['phoneHash'])
@Unique('users_phone_e164_uniq', ['phoneE164'])
// (region_id, id): the matching candidate cache pages through a region in id order.
@Index('users_region_idx', ['regionId', 'id'])
// The matching candidate cache's incremental reads (migration MatchingCacheIndexes).
@Index('users_updated_at_idx', ['updatedAt'])
@Index('users_state_idx', ['state'])
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'users_pkey' })
  id: string;

  @Column({ type: 'text', name: 'phone_e164' })
  phoneE164: string;

  @Column({ type: 'text', name: 'phone_hash' })
  phoneHash: string;

  @Column({ type: 'text', name: 'first_name' })
  firstName: string;

  @Column({ type: 'text', name: 'last_name' })
  lastName: string;

  // ISO date string (YYYY-MM-DD); no time zone involved.
  @Column({ type: 'date', name: 'birthday' })
  birthday: string;

  @Column({ type: 'citext', name: 'email', nullable: true })
  email: string | null;

  @Column({ type: 'enum', enum: USER_STATES, enumName: 'user_state', name: 'state', default: 'unverified' })
  state: UserState;

  @Column({ type: 'boolean', name: 'sms_consent' })
  smsConsent: boolean;

  @Column({ type: 'boolean', name: 'age_consent' })
  ageConsent: boolean;

  @Column({ type: 'boolean', name: 'terms_consent' })
  termsConsent: boolean;

  @Column({ type: 'boolean', name: 'privacy_consent' })
  privacyConsent: boolean;

  // FK added by the migration (schema.md has none); see InitialSchema.
  @Column({ type: 'uuid', name: 'region_id', nullable: true })
  @ForeignKey('Region', { name: 'users_region_id_fkey', onDelete: 'SET NULL' })
  regionId: string | null;

  @Column({ type: 'timestamptz', name: 'suspended_at', nullable: true })
  suspendedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'deleted_at', nullable: true })
  deletedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
