import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EncryptedBody } from '../../../common/crypto';
import type { UserRecord } from '../../identity';
import type { SessionRecord } from '../sessions/conversation-sessions.repository';
import { queryPreparedRows, replyJobParams, replyJobsCte, storedBody } from '../sql';
import type { HandlingOutcome, HandlingStart } from './inbound-handling.repository';

export interface ClaimedInbound {
  id: string;
  messageSid: string;
  fromE164: string;
  body: EncryptedBody | null;
  correlationId: string | null;
  createdAt: Date;
}

interface ClaimRow {
  id: string; twilio_message_sid: string; from_e164: string; body_ciphertext: Buffer | null; body_iv: Buffer | null;
  body_tag: Buffer | null; key_version: number; correlation_id: string | null; created_at: Date;
}

type OpenRow = UserRecord & { sessionId: string | null; missStreak: number } & Omit<SessionRecord, 'id' | 'userId' | 'missStreak'>;

// The batched inbound handling: one statement claims a batch, one opens it, one closes it.
@Injectable()
export class InboundBatchRepository {
  // Claims up to `limit` stored messages, oldest first, for this transaction: their rows stay
  // locked (FOR UPDATE SKIP LOCKED) until it ends, so concurrent claims (here or on other
  // instances) take others, and a claim that dies with its process (or rolls back) leaves them to
  // the next. A member's texts are handled in arrival order: a message is left out while an older
  // one from the same number is unhandled outside this claim (another transaction holds it), and
  // taken once that one is handled. Uses the partial index of unhandled messages.
  async claim(limit: number, manager: EntityManager): Promise<ClaimedInbound[]> {
    const rows = await queryPreparedRows<ClaimRow>(
      manager,
      'josh_inbound_claim',
      `with cand as materialized (
         select id, twilio_message_sid, from_e164, body_ciphertext, body_iv, body_tag, key_version, correlation_id, created_at
           from sms_messages
          where direction = 'in' and status = 'received'
          order by created_at
          limit $1
          for update skip locked
       ), busy as (
         select o.from_e164, min(o.created_at) as oldest
           from sms_messages o
          where o.direction = 'in' and o.status = 'received'
            and o.created_at < (select max(created_at) from cand)
            and not exists (select 1 from cand c where c.id = o.id)
          group by o.from_e164
       )
       select c.* from cand c
        where not exists (select 1 from busy b where b.from_e164 = c.from_e164 and b.oldest < c.created_at)
        order by c.created_at`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id, messageSid: r.twilio_message_sid, fromE164: r.from_e164, body: storedBody(r, 'sms_messages'), correlationId: r.correlation_id,
      createdAt: r.created_at,
    }));
  }

  // The senders of a batch (by phone hash) with their session rows locked FOR UPDATE, in one
  // round trip; senders without a member are absent from the map. With each session, the miss
  // streak the member's last routed text ended (the router's "two misses in a row, then MENU"),
  // which would otherwise cost every misunderstood text a round trip of its own
  // (message_events_routed_idx: one index probe per member).
  async open(phoneHashes: string[], manager: EntityManager): Promise<Map<string, HandlingStart>> {
    const rows = await queryPreparedRows<OpenRow>(
      manager,
      'josh_inbound_open_batch',
      `select u.id, u.phone_e164 as "phoneE164", u.phone_hash as "phoneHash", u.first_name as "firstName", u.state,
              u.sms_consent as "smsConsent", u.region_id as "regionId", u.deleted_at as "deletedAt",
              s.id as "sessionId", s.mode, s.state_token as "stateToken", s.expires_at as "expiresAt",
              s.last_inbound_message_sid as "lastInboundMessageSid", coalesce(e.miss, 0) as "missStreak"
         from (select * from users where phone_hash = any($1::text[]) order by id) u
         left join lateral (select * from conversation_sessions cs where cs.user_id = u.id for update) s on true
         left join lateral (
           select (me.payload->>'miss')::int as miss from message_events me
            where me.user_id = u.id and me.event_type = 'inbound.routed'
            order by me.created_at desc limit 1
         ) e on true`,
      [phoneHashes],
    );
    const out = new Map<string, HandlingStart>();
    for (const r of rows) {
      const member: UserRecord = {
        id: r.id, phoneE164: r.phoneE164, phoneHash: r.phoneHash, firstName: r.firstName, state: r.state,
        smsConsent: r.smsConsent, regionId: r.regionId, deletedAt: r.deletedAt,
      };
      const session: SessionRecord | null = r.sessionId === null ? null : {
        id: r.sessionId, userId: r.id, mode: r.mode, stateToken: r.stateToken, expiresAt: r.expiresAt,
        lastInboundMessageSid: r.lastInboundMessageSid, missStreak: r.missStreak,
      };
      out.set(r.phoneHash, { member, session });
    }
    return out;
  }

  // Closes a batch in one statement: flips every message 'received' -> 'handled', points each
  // member's session at their last message, records one audit event per message (stamped with
  // clock_timestamp(), so their order is the handling order) and queues the replies (once per
  // idempotency key). Returns how many messages it flipped; fewer than given means another
  // handling got there first, and the caller must roll back.
  // The plan must not depend on fresh statistics: the statement is prepared once per connection
  // and a burst outruns autoanalyze. `m.id = any($1)` and `s.user_id = any($6)` give both updates an
  // index condition on their key (the join with unnest alone was planned as a scan of every
  // inbound message, or every session, once the table had grown since its last analyze: 14 ms a
  // batch of 46 in `bench:handling`), and the COLLATE "C" comparisons keep the direction index and
  // the partial index of unhandled messages out of the choice (see RECEIVED in ../sql.ts).
  async complete(outcomes: HandlingOutcome[], manager: EntityManager): Promise<number> {
    const lastSid = new Map<string, string>();
    for (const o of outcomes) if (o.userId) lastSid.set(o.userId, o.messageSid);
    const jobs = outcomes.flatMap((o) => o.outbound);
    const rows = await queryPreparedRows<{ claimed: number }>(
      manager,
      'josh_inbound_complete_batch',
      `with msg as (
         update sms_messages m set status = 'handled', user_id = v.uid, last_status_at = now(), updated_at = now()
           from unnest($1::uuid[], $2::uuid[]) as v(id, uid)
          where m.id = v.id and m.id = any($1::uuid[]) and m.direction collate "C" = 'in' and m.status collate "C" = 'received'
          returning m.id
       ), sess as (
         update conversation_sessions s set last_inbound_message_sid = v.sid, updated_at = now()
           from unnest($6::uuid[], $7::text[]) as v(uid, sid)
          where s.user_id = v.uid and s.user_id = any($6::uuid[])
       ), ev as (
         insert into message_events (user_id, event_type, payload, correlation_id, created_at)
         select e.uid, e.t, e.p::jsonb, e.corr, clock_timestamp()
           from unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[]) with ordinality as e(uid, t, p, corr, n)
          order by e.n
       ), ${replyJobsCte(8)}
       select count(*)::int as claimed from msg`,
      [
        outcomes.map((o) => o.messageId), outcomes.map((o) => o.userId), outcomes.map((o) => o.event.type),
        outcomes.map((o) => JSON.stringify(o.event.payload)), outcomes.map((o) => o.correlationId),
        [...lastSid.keys()], [...lastSid.values()],
        ...replyJobParams(jobs),
      ],
    );
    return rows[0].claimed;
  }
}
