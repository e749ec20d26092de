import { Check, Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type AdminRole = 'support' | 'ops' | 'engineering';

// A support/ops/engineering staff account for the admin API.
@Entity('admin_users')
@Unique('admin_users_email_key', ['email'])
@Check('admin_users_role_check', "role IN ('support', 'ops', 'engineering')")
export class AdminUser {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'admin_users_pkey' })
  id: string;

  @Column({ type: 'citext', name: 'email' })
  email: string;

  @Column({ type: 'text', name: 'role' })
  role: AdminRole;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
