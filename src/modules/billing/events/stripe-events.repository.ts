import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { VerifiedStripeEvent } from '../stripe/stripe-gateway';

export interface StoredStripeEvent {
  stripeEventId: string;
  eventType: string;
  payload: StripeEventPayload;
}

// The part of a Stripe event billing reads.
export interface StripeEventPayload {
  id: string;
  type: string;
  created?: number;
  data?: { object?: Record<string, unknown> };
}

export interface StripeEventSummary {
  stripeEventId: string;
  eventType: string;
  receivedAt: Date;
  processedAt: Date | null;
  processingError: string | null;
}

const SUMMARY = `stripe_event_id as "stripeEventId", event_type as "eventType", received_at as "receivedAt",
  processed_at as "processedAt", processing_error as "processingError"`;

@Injectable()
export class StripeEventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // The unique event id is the claim on storing it: false for a duplicate.
  async insertOnce(event: VerifiedStripeEvent): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `insert into stripe_events (stripe_event_id, event_type, payload) values ($1, $2, $3::jsonb)
       on conflict (stripe_event_id) do nothing returning id`,
      [event.id, event.type, event.raw],
    );
    return rows.length === 1;
  }

  // The claim on processing it: the row, locked for the caller's transaction, while it is not
  // processed; null when it is processed or another request (any instance) is processing it now.
  async claimUnprocessed(stripeEventId: string, manager: EntityManager): Promise<StoredStripeEvent | null> {
    const rows: StoredStripeEvent[] = await manager.query(
      `select stripe_event_id as "stripeEventId", event_type as "eventType", payload
         from stripe_events where stripe_event_id = $1 and processed_at is null
        for update skip locked`,
      [stripeEventId],
    );
    return rows[0] ?? null;
  }

  async markProcessed(stripeEventId: string, manager: EntityManager): Promise<void> {
    await manager.query(`update stripe_events set processed_at = now(), processing_error = null where stripe_event_id = $1`, [stripeEventId]);
  }

  async recordError(stripeEventId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `update stripe_events set processing_error = $2 where stripe_event_id = $1 and processed_at is null`,
      [stripeEventId, error],
    );
  }

  async find(stripeEventId: string): Promise<StripeEventSummary | null> {
    const rows: StripeEventSummary[] = await this.dataSource.query(`select ${SUMMARY} from stripe_events where stripe_event_id = $1`, [stripeEventId]);
    return rows[0] ?? null;
  }

  // Oldest first (the partial index stripe_events_unprocessed_idx keeps this cheap).
  async listUnprocessed(limit: number): Promise<StripeEventSummary[]> {
    return this.dataSource.query(
      `select ${SUMMARY} from stripe_events where processed_at is null order by received_at limit $1`,
      [limit],
    );
  }
}
