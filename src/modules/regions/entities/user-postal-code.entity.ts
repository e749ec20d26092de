import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

// The postal code a member registered with (migration RegistrationSupport). users has no
// such column; kept so members whose code matched no region can be moved into a region
// that later covers it (RegionsService.openRegion).
@Entity('user_postal_codes')
@Index('user_postal_codes_postal_code_idx', ['postalCode'])
@Check('user_postal_codes_country_code_check', "country_code ~ '^[A-Z]{2}$'")
export class UserPostalCode {
  @PrimaryColumn({ type: 'uuid', name: 'user_id', primaryKeyConstraintName: 'user_postal_codes_pkey' })
  @ForeignKey('User', { name: 'user_postal_codes_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text', name: 'postal_code' })
  postalCode: string;

  @Column({ type: 'text', name: 'country_code' })
  countryCode: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
