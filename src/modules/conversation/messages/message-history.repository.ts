import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { EncryptedBody } from '../../../common/crypto';
import { cursorParams, type CursorKey, keysetBefore } from '../../../common/pagination';
import { queryRows, storedBody } from '../sql';

export interface HistoryRow {
  id: string;
  direction: 'in' | 'out';
  createdAt: Date;
  // Inbound: received, handled, handler_failed. Outbound: the delivery status Twilio reported
  // (queued, sent, delivered, undelivered, failed), else the job's (pending, sent, failed).
  status: string | null;
  purpose: string | null;
  // Outbound jobs that failed: the reason code (e.g. 30007, opted_out, too_many_attempts).
  error: string | null;
  body: EncryptedBody | null;
  cursorAt: string;
}

// A member's messages both ways, newest first: inbound from sms_messages, outbound from
// sms_outbound_jobs (every queued SMS, sent or not) with the delivery status of the message it became.
@Injectable()
export class MessageHistoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async listForUser(userId: string, after: CursorKey | null, limit: number, manager?: EntityManager): Promise<HistoryRow[]> {
    const rows = await queryRows<{
      id: string; direction: 'in' | 'out'; created_at: Date; cursor_at: string; status: string | null; purpose: string | null;
      error: string | null; body_ciphertext: Buffer | null; body_iv: Buffer | null; body_tag: Buffer | null; key_version: number;
    }>(
      manager ?? this.dataSource.manager,
      `select * from (
         select m.id, 'in' as direction, m.created_at, m.created_at::text as cursor_at, m.status, null::text as purpose, null::text as error,
                m.body_ciphertext, m.body_iv, m.body_tag, m.key_version
           from sms_messages m where m.user_id = $1 and m.direction = 'in'
         union all
         select j.id, 'out', j.created_at, j.created_at::text, coalesce(s.status, j.status), j.purpose,
                case when j.status = 'failed' then j.last_error end, j.body_ciphertext, j.body_iv, j.body_tag, j.key_version
           from sms_outbound_jobs j
           left join sms_messages s on s.twilio_message_sid = j.twilio_message_sid and s.direction = 'out'
          where j.user_id = $1
       ) h
       where ${keysetBefore('h.created_at', 'h.id', 2)}
       order by h.created_at desc, h.id desc
       limit $4`,
      [userId, ...cursorParams(after), limit],
    );
    return rows.map((r) => ({
      id: r.id, direction: r.direction, createdAt: r.created_at, status: r.status, purpose: r.purpose, error: r.error,
      body: storedBody(r, r.direction === 'in' ? 'sms_messages' : 'sms_outbound_jobs'), cursorAt: r.cursor_at,
    }));
  }
}
