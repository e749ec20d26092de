import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../sql';

// The conversation module's share of deleting a member (PRODUCT.md section 13), in the caller's
// transaction. Rows are kept as metadata (they count for rate limits, audits and delivery status);
// what identifies or quotes the member goes.
@Injectable()
export class MemberErasureRepository {
  // Bodies nulled and the number replaced, on the member's messages and on any message to or from
  // their number (the DELETE being handled has no user_id yet, registration links never had one).
  async eraseMessages(userId: string, phoneE164: string, placeholder: string, manager: EntityManager): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `update sms_messages
          set body_ciphertext = null, body_iv = null, body_tag = null,
              from_e164 = case when from_e164 = $2 then $3 else from_e164 end,
              to_e164 = case when to_e164 = $2 then $3 else to_e164 end,
              updated_at = now()
        where user_id = $1 or from_e164 = $2 or to_e164 = $2
       returning id`,
      [userId, phoneE164, placeholder],
    );
    return rows.length;
  }

  // Bodies nulled, the number replaced, jobs not yet sent dropped, and idempotency keys released:
  // keys such as `interview-start:{userId}` must not stop a member who registers again from
  // getting their first question.
  async eraseJobs(userId: string, phoneE164: string, placeholder: string, manager: EntityManager): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `update sms_outbound_jobs
          set body_ciphertext = null, body_iv = null, body_tag = null,
              to_e164 = case when to_e164 = $2 then $3 else to_e164 end,
              idempotency_key = 'erased:' || id::text,
              last_error = case when status = 'pending' then 'member_deleted' else last_error end,
              status = case when status = 'pending' then 'failed' else status end,
              locked_until = null,
              updated_at = now()
        where user_id = $1 or to_e164 = $2
       returning id`,
      [userId, phoneE164, placeholder],
    );
    return rows.length;
  }

  // Back to idle: a state token can hold a LinkUp draft or a report in progress.
  async resetSession(userId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `update conversation_sessions set mode = 'idle', state_token = 'idle', expires_at = null, updated_at = now() where user_id = $1`,
      [userId],
    );
  }
}
