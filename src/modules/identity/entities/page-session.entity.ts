import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from './user.entity';

// A member's page session, started by consuming a magic link. Only the SHA-256 of the session id
// (the cookie value) is stored. Ends after PAGE_SESSION_IDLE_MINUTES without a request, at
// expires_at (PAGE_SESSION_MAX_HOURS after it started), or when revoked.
@Entity('page_sessions')
@Unique('page_sessions_id_hash_uniq', ['idHash'])
@Index('page_sessions_user_idx', ['userId'])
@Index('page_sessions_expires_idx', ['expiresAt'])
export class PageSession {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'page_sessions_pkey' })
  id: string;

  @Column({ type: 'text', name: 'id_hash' })
  idHash: string;

  @Column({ type: 'uuid', name: 'user_id' })
  @ForeignKey(() => User, { name: 'page_sessions_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'last_seen_at' })
  lastSeenAt: Date;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
