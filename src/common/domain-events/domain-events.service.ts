import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { currentCorrelationId } from '../context/request-context';

export interface DomainEventInput {
  entityType: string; // 'linkup', 'linkup_invite', 'linkup_participant' ...
  entityId: string;
  eventType: string; // 'linkup.locked' ...
  fromState?: string | null;
  toState?: string | null;
  // Unique across all events: a retried transition records nothing twice.
  idempotencyKey?: string | null;
  correlationId?: string | null;
  payload?: Record<string, unknown>;
}

export interface DomainEventRecord {
  id: string;
  entityType: string;
  entityId: string;
  eventType: string;
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

const recordColumns = (a: string) => `${a}id, ${a}entity_type as "entityType", ${a}entity_id as "entityId", ${a}event_type as "eventType",
  ${a}from_state as "fromState", ${a}to_state as "toState", ${a}payload, ${a}created_at as "createdAt"`;

// One row per domain state transition (schema.md domain_events), written in the caller's transaction.
@Injectable()
export class DomainEventsService {
  constructor(private readonly dataSource: DataSource) {}

  // Returns false when an event with the same idempotency key already exists.
  async record(event: DomainEventInput, manager?: EntityManager): Promise<boolean> {
    return (await this.recordMany([event], manager)) === 1;
  }

  // Inserts in one statement; returns how many were new.
  async recordMany(events: DomainEventInput[], manager?: EntityManager): Promise<number> {
    if (events.length === 0) return 0;
    const m = manager ?? this.dataSource.manager;
    const fallback = currentCorrelationId() ?? null;
    const rows: Array<{ id: string }> = await m.query(
      // clock_timestamp(), not now(): events of one transaction keep the order they happened in.
      `insert into domain_events (entity_type, entity_id, event_type, from_state, to_state, idempotency_key, correlation_id, payload, created_at)
       select e.*, clock_timestamp()
         from unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::jsonb[]) as e
       on conflict (idempotency_key) do nothing
       returning id`,
      [
        events.map((e) => e.entityType),
        events.map((e) => e.entityId),
        events.map((e) => e.eventType),
        events.map((e) => e.fromState ?? null),
        events.map((e) => e.toState ?? null),
        events.map((e) => e.idempotencyKey ?? null),
        events.map((e) => e.correlationId ?? fallback),
        events.map((e) => JSON.stringify(e.payload ?? {})),
      ],
    );
    return rows.length;
  }

  // The history of some entities (a LinkUp, its participants' and invites' events), oldest first, at
  // most `limit` rows (the latest ones). Each ref is an (entity_type, entity_id) pair: the index.
  async listForEntities(refs: Array<{ type: string; id: string }>, limit: number, manager?: EntityManager): Promise<DomainEventRecord[]> {
    if (refs.length === 0) return [];
    return (manager ?? this.dataSource.manager).query(
      `select * from (
         select ${recordColumns('e.')}
           from unnest($1::text[], $2::uuid[]) as r(t, i)
           join domain_events e on e.entity_type = r.t and e.entity_id = r.i
          order by e.created_at desc, e.id desc limit $3
       ) x order by "createdAt", id`,
      [refs.map((r) => r.type), refs.map((r) => r.id), limit],
    );
  }

  // The entity's latest event of this type, or null.
  async latest(entityType: string, entityId: string, eventType: string, manager?: EntityManager): Promise<DomainEventRecord | null> {
    const rows: DomainEventRecord[] = await (manager ?? this.dataSource.manager).query(
      `select ${recordColumns('')} from domain_events where entity_type = $1 and entity_id = $2 and event_type = $3
        order by created_at desc, id desc limit 1`,
      [entityType, entityId, eventType],
    );
    return rows[0] ?? null;
  }
}
