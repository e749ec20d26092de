import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { INVITE_STATES, type InviteState } from '../../../database/enums';
import { LinkUp } from './linkup.entity';

// One invitation of one member to one LinkUp, with why they were picked (explainability).
@Entity('linkup_invites')
@Unique('linkup_invites_once', ['linkupId', 'invitedUserId'])
@Unique('linkup_invites_idem_uniq', ['idempotencyKey'])
@Index('linkup_invites_user_state_idx', ['invitedUserId', 'state'])
@Index('linkup_invites_linkup_idx', ['linkupId'])
@Index('invites_linkup_state_idx', ['linkupId', 'state'])
@Index('linkup_invites_one_pending_idx', ['invitedUserId'], { unique: true, where: "state = 'pending'" })
@Index('linkup_invites_pending_expiry_idx', ['expiresAt'], { where: "state = 'pending'" })
export class LinkUpInvite {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'linkup_invites_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'linkup_id' })
  @ForeignKey(() => LinkUp, { name: 'linkup_invites_linkup_id_fkey', onDelete: 'CASCADE' })
  linkupId: string;

  @Column({ type: 'uuid', name: 'invited_user_id' })
  @ForeignKey('User', { name: 'linkup_invites_invited_user_id_fkey', onDelete: 'CASCADE' })
  invitedUserId: string;

  @Column({ type: 'enum', enum: INVITE_STATES, enumName: 'invite_state', name: 'state', default: 'pending' })
  state: InviteState;

  @Column({ type: 'jsonb', name: 'offered_options', nullable: true })
  offeredOptions: unknown[] | Record<string, unknown> | null;

  @Column({ type: 'text', name: 'selected_option', nullable: true })
  selectedOption: string | null;

  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'timestamptz', name: 'responded_at', nullable: true })
  respondedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'text', name: 'response_message_sid', nullable: true })
  responseMessageSid: string | null;

  @Column({ type: 'text', name: 'idempotency_key' })
  idempotencyKey: string;

  // The invite wave it went out in, 1-based (migration LinkupMatching).
  @Column({ type: 'int', name: 'wave', default: 1 })
  wave: number;

  @Column({ type: 'jsonb', name: 'explainability', default: () => "'{}'" })
  explainability: Record<string, unknown>;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
