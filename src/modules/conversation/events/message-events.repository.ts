import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

// Audit trail of the pipeline. Payloads carry ids, codes and routes: never bodies or numbers.
export interface MessageEventInput {
  userId: string | null;
  type: string;
  payload: Record<string, unknown>;
  correlationId: string | null;
}

@Injectable()
export class MessageEventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(event: MessageEventInput, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      `insert into message_events (user_id, event_type, payload, correlation_id) values ($1, $2, $3, $4)`,
      [event.userId, event.type, JSON.stringify(event.payload), event.correlationId],
    );
  }

  // How many misses in a row the member's last routed text ended (0 when it was understood): the
  // router's "two misses in a row, then MENU". Read only on a miss.
  async lastMissStreak(userId: string, manager: EntityManager): Promise<number> {
    const rows: Array<{ miss: number | null }> = await manager.query(
      `select (payload->>'miss')::int as miss from message_events
        where user_id = $1 and event_type = 'inbound.routed'
        order by created_at desc limit 1`,
      [userId],
    );
    return rows[0]?.miss ?? 0;
  }
}
