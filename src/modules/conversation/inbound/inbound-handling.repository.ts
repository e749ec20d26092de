import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UserRecord } from '../../identity';
import type { NewOutboundJob } from '../outbound/outbound-jobs.repository';
import type { SessionRecord } from '../sessions/conversation-sessions.repository';
import { queryPreparedRows, RECEIVED, replyJobParams, replyJobsCte } from '../sql';

export interface HandlingOutcome {
  messageId: string;
  messageSid: string;
  userId: string | null;
  correlationId: string;
  event: { type: string; payload: Record<string, unknown> };
  outbound: NewOutboundJob[];
}

// What the handling starts from: the sender (null for an unknown number) and, when they have one,
// their session pointer, already locked for the handling transaction.
export interface HandlingStart {
  member: UserRecord | null;
  session: SessionRecord | null;
}

type StartRow = UserRecord & { sessionId: string | null } & Omit<SessionRecord, 'id' | 'userId'>;

@Injectable()
export class InboundHandlingRepository {
  // Opens a message's handling in one round trip: the member behind the phone hash (the columns of
  // identity's UserRecord) and their session row, locked FOR UPDATE like
  // ConversationSessionsRepository.lockOrCreate. A member without a session gets null here; the
  // router then creates and locks one.
  async start(phoneHash: string, manager: EntityManager): Promise<HandlingStart> {
    const rows = await queryPreparedRows<StartRow>(
      manager,
      'josh_inbound_start',
      `select u.id, u.phone_e164 as "phoneE164", u.phone_hash as "phoneHash", u.first_name as "firstName", u.state,
              u.sms_consent as "smsConsent", u.region_id as "regionId", u.deleted_at as "deletedAt",
              s.id as "sessionId", s.mode, s.state_token as "stateToken", s.expires_at as "expiresAt",
              s.last_inbound_message_sid as "lastInboundMessageSid"
         from users u
         left join lateral (select * from conversation_sessions cs where cs.user_id = u.id for update) s on true
        where u.phone_hash = $1`,
      [phoneHash],
    );
    const r = rows[0];
    if (!r) return { member: null, session: null };
    const member: UserRecord = {
      id: r.id, phoneE164: r.phoneE164, phoneHash: r.phoneHash, firstName: r.firstName, state: r.state,
      smsConsent: r.smsConsent, regionId: r.regionId, deletedAt: r.deletedAt,
    };
    const session: SessionRecord | null = r.sessionId === null ? null : {
      id: r.sessionId, userId: r.id, mode: r.mode, stateToken: r.stateToken, expiresAt: r.expiresAt,
      lastInboundMessageSid: r.lastInboundMessageSid,
    };
    return { member, session };
  }

  // Closes a message's handling in one statement: flips it from 'received' to 'handled' (the
  // handling claim), points the member's session at it, records the audit event and queues the
  // replies (once per idempotency key). Returns false, writing nothing, when the message was no
  // longer 'received': another instance handled it first, and the caller must roll back.
  // The row is found through its primary key: see RECEIVED in sql.ts for why the status test is
  // written with a collation.
  async complete(o: HandlingOutcome, manager: EntityManager): Promise<boolean> {
    const j = o.outbound;
    const rows = await queryPreparedRows<{ claimed: number }>(
      manager,
      'josh_inbound_complete',
      `with msg as (
         update sms_messages set status = 'handled', user_id = $2, last_status_at = now(), updated_at = now()
          where id = $1 and ${RECEIVED}
          returning id
       ), sess as (
         update conversation_sessions set last_inbound_message_sid = $3, updated_at = now()
          where user_id = $2 and exists (select 1 from msg)
       ), ev as (
         insert into message_events (user_id, event_type, payload, correlation_id)
         select $2, $4, $5, $6 from msg
       ), ${replyJobsCte(7, 'where exists (select 1 from msg)')}
       select count(*)::int as claimed from msg`,
      [
        o.messageId, o.userId, o.messageSid, o.event.type, JSON.stringify(o.event.payload), o.correlationId,
        ...replyJobParams(j),
      ],
    );
    return rows[0].claimed > 0;
  }
}
