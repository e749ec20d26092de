import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CONVERSATION_MODES, type ConversationMode } from '../../../database/enums';

// The router pointer: which handler gets a member's next text.
@Entity('conversation_sessions')
@Unique('conversation_one_per_user', ['userId'])
@Index('conversation_sessions_mode_idx', ['mode'])
export class ConversationSession {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'conversation_sessions_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id' })
  @ForeignKey('User', { name: 'conversation_sessions_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'enum', enum: CONVERSATION_MODES, enumName: 'conversation_mode', name: 'mode', default: 'idle' })
  mode: ConversationMode;

  @Column({ type: 'text', name: 'state_token', default: 'idle' })
  stateToken: string;

  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'text', name: 'last_inbound_message_sid', nullable: true })
  lastInboundMessageSid: string | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
