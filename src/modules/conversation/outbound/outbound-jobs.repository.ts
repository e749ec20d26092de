import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { EncryptedBody } from '../../../common/crypto';
import { queryRows, storedBody } from '../sql';

export interface NewOutboundJob {
  userId: string | null;
  toE164: string;
  body: EncryptedBody;
  purpose: string;
  priority: number;
  idempotencyKey: string;
  correlationId: string | null;
  runAfter: Date | null;
  validForSeconds: number | null;
}

export interface ClaimedJob {
  id: string;
  userId: string | null;
  toE164: string;
  body: EncryptedBody | null;
  purpose: string;
  priority: number;
  attempts: number;
  correlationId: string | null;
}


interface ClaimRow {
  id: string;
  user_id: string | null;
  to_e164: string;
  body_ciphertext: Buffer | null;
  body_iv: Buffer | null;
  body_tag: Buffer | null;
  key_version: number;
  purpose: string;
  priority: number;
  run_after: Date;
  attempts: number;
  correlation_id: string | null;
}

@Injectable()
export class OutboundJobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // Inserts once per idempotency key; `created` is false when the key already had a job.
  async insertOnce(job: NewOutboundJob, manager?: EntityManager): Promise<{ jobId: string; created: boolean }> {
    const m = this.m(manager);
    const inserted = await queryRows<{ id: string }>(m, 
      `insert into sms_outbound_jobs (user_id, to_e164, body_ciphertext, body_iv, body_tag, key_version, purpose, priority,
         idempotency_key, correlation_id, run_after, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11::timestamptz, now()),
         case when $12::int is null then null else now() + make_interval(secs => $12::int) end)
       on conflict (idempotency_key) do nothing
       returning id`,
      [
        job.userId, job.toE164, job.body.ciphertext, job.body.iv, job.body.tag, job.body.keyVersion, job.purpose,
        job.priority, job.idempotencyKey, job.correlationId, job.runAfter, job.validForSeconds,
      ],
    );
    if (inserted[0]) return { jobId: inserted[0].id, created: true };
    const existing = await queryRows<{ id: string }>(m, `select id from sms_outbound_jobs where idempotency_key = $1`, [
      job.idempotencyKey,
    ]);
    return { jobId: existing[0].id, created: false };
  }

  // Serialises claims for one sender across instances (transaction-scoped), so the rate budget
  // read below is not spent twice.
  async lockSender(fromE164: string, manager: EntityManager): Promise<void> {
    await manager.query(`select pg_advisory_xact_lock(hashtext($1))`, [`sms-sender:${fromE164}`]);
  }

  // Sends already counted against the sender's rate in the last second: completed ones (outbound
  // rows) plus those claimed and still in flight. Call under the sender's claim lock.
  async sendsInLastSecond(fromE164: string, manager: EntityManager): Promise<number> {
    const rows = await queryRows<{ used: number }>(manager, 
      `select
         (select count(*) from sms_messages
           where direction = 'out' and from_e164 = $1 and created_at > clock_timestamp() - interval '1 second')
       + (select count(*) from sms_outbound_jobs where status = 'pending' and locked_until > clock_timestamp()) as used`,
      [fromE164],
    );
    return Number(rows[0].used);
  }

  // Claims due jobs, most urgent first, leasing them to `token`; other dispatchers skip locked rows.
  async claimDue(token: string, limit: number, leaseSeconds: number, manager: EntityManager): Promise<ClaimedJob[]> {
    const rows = await queryRows<ClaimRow>(manager, 
      `with due as (
         select id from sms_outbound_jobs
          where status = 'pending' and run_after <= clock_timestamp()
            and (locked_until is null or locked_until < clock_timestamp())
          order by priority, run_after
          limit $1
          for update skip locked
       )
       update sms_outbound_jobs j
          set locked_by = $2, locked_until = clock_timestamp() + make_interval(secs => $3::int),
              attempts = j.attempts + 1, updated_at = now()
         from due where j.id = due.id
       returning j.id, j.user_id, j.to_e164, j.body_ciphertext, j.body_iv, j.body_tag, j.key_version, j.purpose,
                 j.priority, j.run_after, j.attempts, j.correlation_id`,
      [limit, token, leaseSeconds],
    );
    return rows
      .map((r) => ({
        id: r.id,
        userId: r.user_id,
        toE164: r.to_e164,
        body: storedBody(r),
        purpose: r.purpose,
        priority: r.priority,
        runAfter: r.run_after,
        attempts: r.attempts,
        correlationId: r.correlation_id,
      }))
      .sort((a, b) => a.priority - b.priority || a.runAfter.getTime() - b.runAfter.getTime());
  }

  // Right before sending: renews the lease if `token` still holds it and says whether the job's
  // validity period has passed. null = the lease was lost (another dispatcher owns the job now).
  async renewLease(jobId: string, token: string, leaseSeconds: number): Promise<{ expired: boolean } | null> {
    const rows = await queryRows<{ expired: boolean }>(this.m(), 
      `update sms_outbound_jobs
          set locked_until = clock_timestamp() + make_interval(secs => $3::int)
        where id = $1 and locked_by = $2 and status = 'pending' and locked_until > clock_timestamp()
       returning coalesce(expires_at <= clock_timestamp(), false) as expired`,
      [jobId, token, leaseSeconds],
    );
    return rows[0] ?? null;
  }

  // Marks the job sent and records the outbound message, only while `token` holds the job:
  // a stale dispatcher that lost its lease completes nothing.
  async completeSent(
    jobId: string,
    token: string,
    sent: { sid: string; from: string; status: string },
  ): Promise<boolean> {
    const rows = await queryRows<{ completed: number }>(this.m(), 
      `with done as (
         update sms_outbound_jobs
            set status = 'sent', twilio_message_sid = $3, locked_until = null, last_error = null, updated_at = now()
          where id = $1 and locked_by = $2 and status = 'pending'
          returning user_id, to_e164, body_ciphertext, body_iv, body_tag, key_version, correlation_id
       ), ins as (
         insert into sms_messages (user_id, direction, from_e164, to_e164, twilio_message_sid, body_ciphertext, body_iv,
                                   body_tag, key_version, status, last_status_at, correlation_id)
         select user_id, 'out', $4, to_e164, $3, body_ciphertext, body_iv, body_tag, key_version, $5, now(), correlation_id
           from done
         on conflict (twilio_message_sid) do nothing
         returning id
       )
       select count(*)::int as completed from done`,
      [jobId, token, sent.sid, sent.from, sent.status],
    );
    return rows[0].completed > 0;
  }

  async scheduleRetry(jobId: string, token: string, delaySeconds: number, error: string): Promise<boolean> {
    const rows = await queryRows<unknown>(this.m(), 
      `update sms_outbound_jobs
          set run_after = clock_timestamp() + make_interval(secs => $3::int), locked_until = null, locked_by = null,
              last_error = $4, updated_at = now()
        where id = $1 and locked_by = $2 and status = 'pending'
       returning id`,
      [jobId, token, delaySeconds, error],
    );
    return rows.length > 0;
  }

  async fail(jobId: string, token: string, error: string): Promise<boolean> {
    const rows = await queryRows<unknown>(this.m(), 
      `update sms_outbound_jobs
          set status = 'failed', locked_until = null, last_error = $3, updated_at = now()
        where id = $1 and locked_by = $2 and status = 'pending'
       returning id`,
      [jobId, token, error],
    );
    return rows.length > 0;
  }

  // Shutdown: hands a claimed job that was not sent back to the queue at once (the try it was
  // claimed for is given back), instead of leaving it until the lease runs out.
  async releaseLease(jobId: string, token: string): Promise<boolean> {
    const rows = await queryRows<unknown>(this.m(),
      `update sms_outbound_jobs
          set locked_by = null, locked_until = null, attempts = greatest(attempts - 1, 0), updated_at = now()
        where id = $1 and locked_by = $2 and status = 'pending'
       returning id`,
      [jobId, token],
    );
    return rows.length > 0;
  }
}
