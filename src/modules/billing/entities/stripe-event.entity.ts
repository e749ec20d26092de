import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

// Webhook ingestion log; the unique event id makes Stripe retries no-ops.
@Entity('stripe_events')
@Unique('stripe_events_event_uniq', ['stripeEventId'])
@Index('stripe_events_type_idx', ['eventType'])
@Index('stripe_events_unprocessed_idx', ['receivedAt'], { where: 'processed_at IS NULL' })
export class StripeEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'stripe_events_pkey' })
  id: string;

  @Column({ type: 'text', name: 'stripe_event_id' })
  stripeEventId: string;

  @Column({ type: 'text', name: 'event_type' })
  eventType: string;

  @Column({ type: 'jsonb', name: 'payload' })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz', name: 'received_at', default: () => 'now()' })
  receivedAt: Date;

  @Column({ type: 'timestamptz', name: 'processed_at', nullable: true })
  processedAt: Date | null;

  @Column({ type: 'text', name: 'processing_error', nullable: true })
  processingError: string | null;
}
