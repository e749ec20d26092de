import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ConversationMode } from '../../../database/enums';

export interface SessionRecord {
  id: string;
  userId: string;
  mode: ConversationMode;
  stateToken: string;
  expiresAt: Date | null;
  lastInboundMessageSid: string | null;
  // How many misses in a row the member's last routed text ended (0: understood), when the caller
  // read it with the session (the batched inbound handling does); absent: the router reads it.
  missStreak?: number;
}

const COLUMNS = `id, user_id as "userId", mode, state_token as "stateToken", expires_at as "expiresAt",
  last_inbound_message_sid as "lastInboundMessageSid"`;

@Injectable()
export class ConversationSessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async findByUserId(userId: string, manager?: EntityManager): Promise<SessionRecord | null> {
    const rows: SessionRecord[] = await this.m(manager).query(
      `select ${COLUMNS} from conversation_sessions where user_id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  // Row-locks the member's pointer for the handling transaction, creating an idle one if missing:
  // two texts from one member are handled one after the other.
  async lockOrCreate(userId: string, manager: EntityManager): Promise<SessionRecord> {
    const rows: SessionRecord[] = await manager.query(
      `select ${COLUMNS} from conversation_sessions where user_id = $1 for update`,
      [userId],
    );
    if (rows[0]) return rows[0];
    await manager.query(
      `insert into conversation_sessions (user_id) values ($1) on conflict (user_id) do nothing`,
      [userId],
    );
    const created: SessionRecord[] = await manager.query(
      `select ${COLUMNS} from conversation_sessions where user_id = $1 for update`,
      [userId],
    );
    return created[0];
  }

  async upsertMode(
    userId: string,
    mode: ConversationMode,
    stateToken: string,
    ttlSeconds: number | null,
    manager?: EntityManager,
  ): Promise<SessionRecord> {
    const rows: SessionRecord[] = await this.m(manager).query(
      `insert into conversation_sessions (user_id, mode, state_token, expires_at)
       values ($1, $2, $3, case when $4::int is null then null else now() + make_interval(secs => $4::int) end)
       on conflict (user_id) do update
         set mode = excluded.mode, state_token = excluded.state_token, expires_at = excluded.expires_at, updated_at = now()
       returning ${COLUMNS}`,
      [userId, mode, stateToken, ttlSeconds],
    );
    return rows[0];
  }

  // Compare-and-set: moves the pointer only while the member is idle (or their mode timed out, which
  // the router would end on their next text anyway); null when they are busy in another flow. The
  // conflicting row is locked either way, and a handling transaction holding it is waited for, so
  // the mode compared is the committed one.
  async upsertModeIfIdle(
    userId: string,
    mode: ConversationMode,
    stateToken: string,
    ttlSeconds: number | null,
    manager?: EntityManager,
  ): Promise<SessionRecord | null> {
    const rows: SessionRecord[] = await this.m(manager).query(
      `insert into conversation_sessions (user_id, mode, state_token, expires_at)
       values ($1, $2, $3, case when $4::int is null then null else now() + make_interval(secs => $4::int) end)
       on conflict (user_id) do update
         set mode = excluded.mode, state_token = excluded.state_token, expires_at = excluded.expires_at, updated_at = now()
         where conversation_sessions.mode = 'idle' or conversation_sessions.expires_at <= now()
       returning ${COLUMNS}`,
      [userId, mode, stateToken, ttlSeconds],
    );
    return rows[0] ?? null;
  }

  // Moves the pointer without waiting: nothing happens when the member has no session, when a
  // handling transaction holds it (their next text sees the change through its own rules), or
  // when `onlyFrom` is given and the mode is another. For callers already holding other locks.
  async setModeUnlessBusy(
    userId: string,
    mode: ConversationMode,
    stateToken: string,
    ttlSeconds: number | null,
    onlyFrom: ConversationMode | null,
    manager: EntityManager,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `with s as (
         select id from conversation_sessions where user_id = $1 and ($5::conversation_mode is null or mode = $5::conversation_mode)
         for update skip locked
       ), u as (
         update conversation_sessions c
            set mode = $2, state_token = $3, updated_at = now(),
                expires_at = case when $4::int is null then null else now() + make_interval(secs => $4::int) end
           from s where c.id = s.id returning c.id
       ) select id from u`,
      [userId, mode, stateToken, ttlSeconds, onlyFrom],
    );
    return rows.length > 0;
  }
}
