import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NewOutboundJob } from '../outbound/outbound-jobs.repository';
import { queryRows } from '../sql';

export interface HandlingOutcome {
  messageId: string;
  messageSid: string;
  userId: string | null;
  correlationId: string;
  event: { type: string; payload: Record<string, unknown> };
  outbound: NewOutboundJob[];
}

@Injectable()
export class InboundHandlingRepository {
  // Closes a message's handling in one statement: flips it from 'received' to 'handled' (the
  // handling claim), points the member's session at it, records the audit event and queues the
  // replies (once per idempotency key). Returns false, writing nothing, when the message was no
  // longer 'received': another instance handled it first, and the caller must roll back.
  async complete(o: HandlingOutcome, manager: EntityManager): Promise<boolean> {
    const j = o.outbound;
    const rows = await queryRows<{ claimed: number }>(
      manager,
      `with msg as (
         update sms_messages set status = 'handled', user_id = $2, last_status_at = now(), updated_at = now()
          where id = $1 and direction = 'in' and status = 'received'
          returning id
       ), sess as (
         update conversation_sessions set last_inbound_message_sid = $3, updated_at = now()
          where user_id = $2 and exists (select 1 from msg)
       ), ev as (
         insert into message_events (user_id, event_type, payload, correlation_id)
         select $2, $4, $5, $6 from msg
       ), jobs as (
         insert into sms_outbound_jobs (user_id, to_e164, body_ciphertext, body_iv, body_tag, key_version, purpose,
                                        priority, idempotency_key, correlation_id, run_after, expires_at)
         select u.user_id, u.to_e164, u.c, u.iv, u.tag, u.v, u.purpose, u.priority, u.idem, u.corr,
                coalesce(u.run_after, now()),
                case when u.valid_for is null then null else now() + make_interval(secs => u.valid_for) end
           from unnest($7::uuid[], $8::text[], $9::bytea[], $10::bytea[], $11::bytea[], $12::int[], $13::text[],
                       $14::int[], $15::text[], $16::uuid[], $17::timestamptz[], $18::int[])
                  with ordinality as u(user_id, to_e164, c, iv, tag, v, purpose, priority, idem, corr, run_after, valid_for, n)
          where exists (select 1 from msg)
          order by u.n
         on conflict (idempotency_key) do nothing
       )
       select count(*)::int as claimed from msg`,
      [
        o.messageId, o.userId, o.messageSid, o.event.type, JSON.stringify(o.event.payload), o.correlationId,
        j.map((x) => x.userId), j.map((x) => x.toE164), j.map((x) => x.body.ciphertext), j.map((x) => x.body.iv),
        j.map((x) => x.body.tag), j.map((x) => x.body.keyVersion), j.map((x) => x.purpose), j.map((x) => x.priority),
        j.map((x) => x.idempotencyKey), j.map((x) => x.correlationId), j.map((x) => x.runAfter), j.map((x) => x.validForSeconds),
      ],
    );
    return rows[0].claimed > 0;
  }
}
