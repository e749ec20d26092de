import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from './user.entity';

// One-time dashboard link sent by SMS; only the token's hash is stored.
@Entity('magic_links')
@Unique('magic_links_token_uniq', ['tokenHash'])
@Index('magic_links_user_idx', ['userId'])
@Index('magic_links_expires_idx', ['expiresAt'])
export class MagicLink {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'magic_links_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id' })
  @ForeignKey(() => User, { name: 'magic_links_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text', name: 'token_hash' })
  tokenHash: string;

  @Column({ type: 'text', name: 'purpose' })
  purpose: string;

  @Column({ type: 'uuid', name: 'linkup_id', nullable: true })
  @ForeignKey('LinkUp', { name: 'magic_links_linkup_id_fkey', onDelete: 'CASCADE' })
  linkupId: string | null;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', name: 'consumed_at', nullable: true })
  consumedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
