import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { AdminUser } from './admin-user.entity';

// A bearer token of the admin API (issued by `npm run admin:token`). Only the SHA-256 of the whole
// token is stored; the token itself is shown once. Its role is its admin's (admin_users.role).
@Entity('admin_api_tokens')
@Unique('admin_api_tokens_hash_uniq', ['tokenHash'])
@Index('admin_api_tokens_admin_idx', ['adminUserId'])
@Check('admin_api_tokens_hash_chk', "token_hash ~ '^[0-9a-f]{64}$'")
export class AdminApiToken {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'admin_api_tokens_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'admin_user_id' })
  @ForeignKey(() => AdminUser, { name: 'admin_api_tokens_admin_user_id_fkey', onDelete: 'CASCADE' })
  adminUserId: string;

  // Hex SHA-256 of the token.
  @Column({ type: 'text', name: 'token_hash' })
  tokenHash: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  // Written at most once a minute per token (not on every call).
  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
