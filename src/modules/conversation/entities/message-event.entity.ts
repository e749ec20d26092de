import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// Normalised messaging events for debugging. user_id has no FK (schema.md): audit rows
// outlive the user they mention.
@Entity('message_events')
@Index('message_events_user_idx', ['userId'])
@Index('message_events_type_idx', ['eventType'])
@Index('message_events_created_idx', ['createdAt'])
// The router's miss streak: the member's last routed event (migration MessageEventsRoutedIndex).
@Index('message_events_routed_idx', ['userId', 'createdAt'], { where: "event_type = 'inbound.routed'" })
export class MessageEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'message_events_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id', nullable: true })
  userId: string | null;

  @Column({ type: 'text', name: 'event_type' })
  eventType: string;

  @Column({ type: 'jsonb', name: 'payload' })
  payload: Record<string, unknown>;

  @Column({ type: 'uuid', name: 'correlation_id', nullable: true })
  correlationId: string | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
