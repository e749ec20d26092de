import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { EncryptedBody } from '../../../common/crypto';
import { queryRows, RECEIVED, storedBody } from '../sql';

export interface NewInboundMessage {
  // The row's id, chosen by the caller: the body is encrypted bound to it.
  id: string;
  userId: string | null;
  fromE164: string;
  toE164: string;
  messageSid: string;
  body: EncryptedBody;
  mediaCount: number;
  status: string;
  correlationId: string;
}

export interface ReceivedMessage {
  id: string;
  messageSid: string;
  fromE164: string;
  body: EncryptedBody | null;
  correlationId: string | null;
}

// Inbound rows: stored as 'received', then 'handled' or 'handler_failed' by the handling transaction.
export type InboundStatus = 'received' | 'handled' | 'handler_failed';

export interface OutboxEntry {
  messageSid: string;
  toE164: string;
  purpose: string | null;
  status: string | null;
  body: EncryptedBody | null;
  createdAt: Date;
}

@Injectable()
export class SmsMessagesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // The claim: one row per MessageSid. Returns the new row's id, or null when the sid was already
  // stored (a retry or a concurrent duplicate, which then waits for the first to commit).
  async insertInboundOnce(msg: NewInboundMessage, manager?: EntityManager): Promise<string | null> {
    const rows = await queryRows<{ id: string }>(
      this.m(manager),
      `insert into sms_messages (user_id, direction, from_e164, to_e164, twilio_message_sid, body_ciphertext, body_iv,
                                 body_tag, key_version, media_count, status, last_status_at, correlation_id, id)
       values ($1, 'in', $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), $11, $12)
       on conflict (twilio_message_sid) do nothing
       returning id`,
      [
        msg.userId, msg.fromE164, msg.toE164, msg.messageSid, msg.body.ciphertext, msg.body.iv, msg.body.tag,
        msg.body.keyVersion, msg.mediaCount, msg.status, msg.correlationId, msg.id,
      ],
    );
    return rows[0]?.id ?? null;
  }

  // A stored inbound message still waiting for its handling (unlocked read).
  async findReceived(id: string): Promise<ReceivedMessage | null> {
    return this.readReceived(id, '', this.m());
  }

  // Locks a stored inbound message for its handling transaction, if nobody handled or is handling it.
  lockReceived(id: string, manager: EntityManager): Promise<ReceivedMessage | null> {
    return this.readReceived(id, 'for update skip locked', manager);
  }

  private async readReceived(id: string, lock: '' | 'for update skip locked', manager: EntityManager): Promise<ReceivedMessage | null> {
    const rows = await queryRows<{
      id: string; twilio_message_sid: string; from_e164: string; body_ciphertext: Buffer | null; body_iv: Buffer | null;
      body_tag: Buffer | null; key_version: number; correlation_id: string | null;
    }>(
      manager,
      `select id, twilio_message_sid, from_e164, body_ciphertext, body_iv, body_tag, key_version, correlation_id
         from sms_messages
        where id = $1 and ${RECEIVED}
        ${lock}`,
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      messageSid: r.twilio_message_sid,
      fromE164: r.from_e164,
      body: storedBody(r, 'sms_messages'),
      correlationId: r.correlation_id,
    };
  }

  async setInboundOutcome(id: string, status: InboundStatus, userId: string | null, manager: EntityManager): Promise<void> {
    await manager.query(
      `update sms_messages set status = $2, user_id = $3, last_status_at = now(), updated_at = now() where id = $1`,
      [id, status, userId],
    );
  }

  // Stored inbound messages nobody handled within `afterSeconds` (bounded to the last day, on the
  // created_at index), oldest first.
  async findUnhandled(afterSeconds: number, limit: number): Promise<{ id: string; fromE164: string; correlationId: string | null }[]> {
    return queryRows<{ id: string; fromE164: string; correlationId: string | null }>(
      this.m(),
      `select id, from_e164 as "fromE164", correlation_id as "correlationId" from sms_messages
        where created_at < now() - make_interval(secs => $1::int) and created_at > now() - interval '1 day'
          and direction = 'in' and status = 'received'
        order by created_at
        limit $2`,
      [afterSeconds, limit],
    );
  }

  // Moves an outbound message's delivery status forward only: `rank` orders the statuses, and
  // terminal ones share the top rank so they never change again. Returns the row when it moved.
  async advanceStatus(
    messageSid: string,
    status: string,
    ranks: ReadonlyMap<string, number>,
  ): Promise<{ userId: string | null; toE164: string } | null> {
    const rank = ranks.get(status);
    if (rank === undefined) return null;
    const rows = await queryRows<{ user_id: string | null; to_e164: string }>(
      this.m(),
      `update sms_messages
          set status = $2, last_status_at = now(), updated_at = now()
        where twilio_message_sid = $1 and direction = 'out'
          and coalesce((select r from unnest($4::text[], $5::int[]) as t(s, r) where s = status), 0) < $3
       returning user_id, to_e164`,
      [messageSid, status, rank, [...ranks.keys()], [...ranks.values()]],
    );
    return rows[0] ? { userId: rows[0].user_id, toE164: rows[0].to_e164 } : null;
  }

  async outboundExists(messageSid: string): Promise<boolean> {
    const rows = await queryRows<unknown>(this.m(), `select 1 from sms_messages where twilio_message_sid = $1 and direction = 'out'`, [messageSid]);
    return rows.length > 0;
  }

  async listOutboundTo(toE164: string, limit: number): Promise<OutboxEntry[]> {
    const rows = await queryRows<{
      id: string; twilio_message_sid: string; to_e164: string; purpose: string | null; status: string | null;
      body_ciphertext: Buffer | null; body_iv: Buffer | null; body_tag: Buffer | null; key_version: number; created_at: Date;
    }>(
      this.m(),
      `select m.id, m.twilio_message_sid, m.to_e164, j.purpose, m.status, m.body_ciphertext, m.body_iv, m.body_tag,
              m.key_version, m.created_at
         from sms_messages m
         left join sms_outbound_jobs j on j.twilio_message_sid = m.twilio_message_sid
        where m.direction = 'out' and m.to_e164 = $1
        order by m.created_at, m.id
        limit $2`,
      [toE164, limit],
    );
    return rows.map((r) => ({
      messageSid: r.twilio_message_sid,
      toE164: r.to_e164,
      purpose: r.purpose,
      status: r.status,
      body: storedBody(r, 'sms_messages'),
      createdAt: r.created_at,
    }));
  }
}
