import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { EncryptedBody } from '../../../common/crypto';
import { queryRows, RECEIVED, storedBody } from '../sql';

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

  // Locks a stored inbound message for its handling transaction, if nobody handled or is handling it.
  lockReceived(id: string, manager: EntityManager): Promise<ReceivedMessage | null> {
    return this.readReceived(id, 'for update skip locked', manager);
  }

  // The same, for handling it alone: only when no older text from the same number is unhandled
  // (its handling comes first), so a member's texts are handled in arrival order.
  lockReceivedInOrder(id: string, manager: EntityManager): Promise<ReceivedMessage | null> {
    return this.readReceived(id, 'for update skip locked', manager, `and not exists (
      select 1 from sms_messages o where o.direction = 'in' and o.status = 'received'
         and o.from_e164 = sms_messages.from_e164 and o.created_at < sms_messages.created_at)`);
  }

  private async readReceived(id: string, lock: '' | 'for update skip locked', manager: EntityManager, extra = ''): Promise<ReceivedMessage | null> {
    const rows = await queryRows<{
      id: string; twilio_message_sid: string; from_e164: string; body_ciphertext: Buffer | null; body_iv: Buffer | null;
      body_tag: Buffer | null; key_version: number; correlation_id: string | null;
    }>(
      manager,
      `select id, twilio_message_sid, from_e164, body_ciphertext, body_iv, body_tag, key_version, correlation_id
         from sms_messages
        where id = $1 and ${RECEIVED} ${extra}
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
