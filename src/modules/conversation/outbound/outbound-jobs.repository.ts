import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { EncryptedBody } from '../../../common/crypto';
import { queryRows, storedBody } from '../sql';

export interface NewOutboundJob {
  // The row's id, chosen by prepare(): the body is encrypted bound to it.
  id: string;
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

export interface LeaseRenewal {
  expired: boolean;
  // Seconds of validity left; null when the job has no validity period.
  remainingSeconds: number | null;
  // Set when an earlier provider call's outcome is unknown.
  previousSendStartedAt: Date | null;
}

export interface ClaimedJob {
  id: string;
  userId: string | null;
  toE164: string;
  body: EncryptedBody | null;
  purpose: string;
  priority: number;
  runAfter: Date;
  attempts: number;
  correlationId: string | null;
  // The sender's pacing slot (ms since the epoch): not sent before it.
  slotAt?: number;
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
         idempotency_key, correlation_id, run_after, expires_at, id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11::timestamptz, now()),
         case when $12::int is null then null else now() + make_interval(secs => $12::int) end, $13)
       on conflict (idempotency_key) do nothing
       returning id`,
      [
        job.userId, job.toE164, job.body.ciphertext, job.body.iv, job.body.tag, job.body.keyVersion, job.purpose,
        job.priority, job.idempotencyKey, job.correlationId, job.runAfter, job.validForSeconds, job.id,
      ],
    );
    if (inserted[0]) return { jobId: inserted[0].id, created: true };
    const existing = await queryRows<{ id: string }>(m, `select id from sms_outbound_jobs where idempotency_key = $1`, [
      job.idempotencyKey,
    ]);
    return { jobId: existing[0].id, created: false };
  }

  // Claims due jobs, most urgent first, leasing them to `token`; other dispatchers skip locked rows.
  // `fits` (the sender's pacing budget) is asked in that order and the claim stops at the first job
  // it refuses, so a later, smaller job never overtakes a more urgent one.
  async claimDue(
    token: string,
    limit: number,
    leaseSeconds: number,
    manager: EntityManager,
    fits: (job: ClaimedJob) => boolean = () => true,
  ): Promise<ClaimedJob[]> {
    const rows = await queryRows<ClaimRow>(manager,
      `select id, user_id, to_e164, body_ciphertext, body_iv, body_tag, key_version, purpose, priority, run_after,
              attempts + 1 as attempts, correlation_id
         from sms_outbound_jobs
        where status = 'pending' and run_after <= clock_timestamp()
          and (locked_until is null or locked_until < clock_timestamp())
        order by priority, run_after
        limit $1
        for update skip locked`,
      [limit],
    );
    const claimed: ClaimedJob[] = [];
    for (const r of rows) {
      const job: ClaimedJob = {
        id: r.id, userId: r.user_id, toE164: r.to_e164, body: storedBody(r, 'sms_outbound_jobs'), purpose: r.purpose, priority: r.priority,
        runAfter: r.run_after, attempts: r.attempts, correlationId: r.correlation_id,
      };
      if (!fits(job)) break;
      claimed.push(job);
    }
    if (claimed.length === 0) return [];
    await manager.query(
      `update sms_outbound_jobs
          set locked_by = $2, locked_until = clock_timestamp() + make_interval(secs => $3::int),
              attempts = attempts + 1, updated_at = now()
        where id = any($1::uuid[])`,
      [claimed.map((j) => j.id), token, leaseSeconds],
    );
    return claimed;
  }

  // Right before sending: renews the lease if `token` still holds it, notes that a provider call
  // starts now (send_started_at), and returns the job's remaining validity and when the previous
  // call started if its outcome is still unknown. null = the lease was lost.
  async renewLease(jobId: string, token: string, leaseSeconds: number): Promise<LeaseRenewal | null> {
    const rows = await queryRows<{ expired: boolean; remaining: number | null; previous: Date | null }>(this.m(),
      `update sms_outbound_jobs j
          set locked_until = clock_timestamp() + make_interval(secs => $3::int), send_started_at = clock_timestamp()
         from (select id, send_started_at as previous from sms_outbound_jobs where id = $1 for update) p
        where j.id = p.id and j.locked_by = $2 and j.status = 'pending' and j.locked_until > clock_timestamp()
       returning coalesce(j.expires_at <= clock_timestamp(), false) as expired,
                 floor(extract(epoch from j.expires_at - clock_timestamp()))::int as remaining, p.previous`,
      [jobId, token, leaseSeconds],
    );
    const r = rows[0];
    return r ? { expired: r.expired, remainingSeconds: r.remaining, previousSendStartedAt: r.previous } : null;
  }

  // Marks the job sent and records the outbound message, only while `token` holds the job:
  // a stale dispatcher that lost its lease completes nothing. The message row gets its own id and
  // the body encrypted for it (`message`): a body is bound to its row, so it is never copied.
  async completeSent(
    jobId: string,
    token: string,
    sent: { sid: string; from: string; status: string },
    message: { id: string; body: EncryptedBody | null },
  ): Promise<boolean> {
    const b = message.body;
    const rows = await queryRows<{ completed: number }>(this.m(),
      `with done as (
         update sms_outbound_jobs
            set status = 'sent', twilio_message_sid = $3, locked_until = null, last_error = null, send_started_at = null,
                updated_at = now()
          where id = $1 and locked_by = $2 and status = 'pending'
          returning user_id, to_e164, key_version, correlation_id
       ), ins as (
         insert into sms_messages (id, user_id, direction, from_e164, to_e164, twilio_message_sid, body_ciphertext, body_iv,
                                   body_tag, key_version, status, last_status_at, correlation_id)
         select $6, user_id, 'out', $4, to_e164, $3, $7, $8, $9, coalesce($10, key_version), $5, now(), correlation_id
           from done
         on conflict (twilio_message_sid) do nothing
         returning id
       )
       select count(*)::int as completed from done`,
      [jobId, token, sent.sid, sent.from, sent.status, message.id, b?.ciphertext ?? null, b?.iv ?? null, b?.tag ?? null, b?.keyVersion ?? null],
    );
    return rows[0].completed > 0;
  }

  // `unknownOutcome`: the provider may have created the message (a timeout, a 5xx), so the next try
  // looks for it before sending; otherwise the call surely sent nothing.
  async scheduleRetry(jobId: string, token: string, delaySeconds: number, error: string, unknownOutcome = false): Promise<boolean> {
    const rows = await queryRows<unknown>(this.m(),
      `update sms_outbound_jobs
          set run_after = clock_timestamp() + make_interval(secs => $3::int), locked_until = null, locked_by = null,
              last_error = $4, send_started_at = case when $5 then send_started_at end, updated_at = now()
        where id = $1 and locked_by = $2 and status = 'pending'
       returning id`,
      [jobId, token, delaySeconds, error, unknownOutcome],
    );
    return rows.length > 0;
  }

  // A sent message the carrier could not deliver for a passing reason (callback 30003/30008/30001):
  // the job goes back to pending for a new attempt, once per failed sid (a repeated callback finds
  // the job no longer 'sent' with that sid), only while still valid and within the tries.
  async resendUndelivered(messageSid: string, delaySeconds: number, error: string, maxAttempts: number): Promise<string | null> {
    const rows = await queryRows<{ id: string }>(this.m(),
      `update sms_outbound_jobs
          set status = 'pending', run_after = clock_timestamp() + make_interval(secs => $2::int), last_error = $3,
              locked_by = null, locked_until = null, send_started_at = null, updated_at = now()
        where twilio_message_sid = $1 and status = 'sent' and attempts < $4
          and (expires_at is null or expires_at > clock_timestamp() + make_interval(secs => $2::int))
       returning id`,
      [messageSid, delaySeconds, error, maxAttempts],
    );
    return rows[0]?.id ?? null;
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

  // Whether a provider message is already recorded as some job's send.
  async sidRecorded(sid: string): Promise<boolean> {
    const rows = await queryRows<unknown>(this.m(), `select 1 from sms_outbound_jobs where twilio_message_sid = $1 limit 1`, [sid]);
    return rows.length > 0;
  }
}
