import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface NewProfileEvent {
  userId: string;
  eventType: string;
  source: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
  correlationId: string | null;
}

@Injectable()
export class ProfileEventsRepository {
  // The claim: true when this key is new. A replay (same key) inserts nothing and returns false.
  async claim(e: NewProfileEvent, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `insert into profile_events (user_id, event_type, source, payload, idempotency_key, correlation_id)
       values ($1, $2, $3, $4::jsonb, $5, $6)
       on conflict on constraint profile_events_idem_uniq do nothing
       returning id`,
      [e.userId, e.eventType, e.source, JSON.stringify(e.payload), e.idempotencyKey, e.correlationId],
    );
    return rows.length > 0;
  }
}
