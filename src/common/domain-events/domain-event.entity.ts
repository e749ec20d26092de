import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

// One row per domain state transition, any module (entity_type + entity_id, no FK).
@Entity('domain_events')
@Unique('domain_events_idem_uniq', ['idempotencyKey'])
@Index('domain_events_entity_idx', ['entityType', 'entityId'])
@Index('domain_events_created_idx', ['createdAt'])
export class DomainEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'domain_events_pkey' })
  id: string;

  @Column({ type: 'text', name: 'entity_type' })
  entityType: string;

  @Column({ type: 'uuid', name: 'entity_id' })
  entityId: string;

  @Column({ type: 'text', name: 'event_type' })
  eventType: string;

  @Column({ type: 'text', name: 'from_state', nullable: true })
  fromState: string | null;

  @Column({ type: 'text', name: 'to_state', nullable: true })
  toState: string | null;

  // Nullable (schema.md): events without a natural key are not deduplicated.
  @Column({ type: 'text', name: 'idempotency_key', nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'uuid', name: 'correlation_id', nullable: true })
  correlationId: string | null;

  @Column({ type: 'jsonb', name: 'payload', default: () => "'{}'" })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
