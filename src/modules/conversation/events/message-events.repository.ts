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
}
