import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface ActiveOtpSession {
  id: string;
  otpHash: string;
  attempts: number;
  expired: boolean;
}

export interface OtpSendStats {
  // OTP sends in the last hour, counted up to the hourly limit.
  sent: number;
  secondsSinceLast: number | null;
  // Age of the oldest of those counted sends: the hourly window frees up when it reaches an hour.
  secondsSinceOldest: number | null;
}

// The postgres driver answers UPDATE/DELETE with [rows, count] and everything else with rows.
function rowsOf<T>(raw: unknown): T[] {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[0] as T[];
  return raw as T[];
}

// otp_sessions (and the OTP send history). Session times come from the app Clock (tests move it
// instead of sleeping).
@Injectable()
export class OtpRepository {
  constructor(private readonly dataSource: DataSource) {}

  private async rows<T>(sql: string, params: unknown[], manager?: EntityManager): Promise<T[]> {
    return rowsOf<T>(await (manager ?? this.dataSource.manager).query(sql, params));
  }

  // The send history is the outbound queue itself (purpose 'otp'): one source of truth, shared by
  // every instance. Read-only, and only this aggregate. Call with the member's row locked.
  // Its created_at is stamped by the database (default now()), so the window is measured on the
  // database clock too, not the app Clock: mixing the two would skew the window.
  async sendStats(userId: string, maxPerHour: number, manager: EntityManager): Promise<OtpSendStats> {
    const [row] = await this.rows<{ sent: number; sinceLast: number | null; sinceOldest: number | null }>(
      `select count(*)::int as sent,
              extract(epoch from clock_timestamp() - max(created_at))::float8 as "sinceLast",
              extract(epoch from clock_timestamp() - min(created_at))::float8 as "sinceOldest"
         from (select created_at from sms_outbound_jobs
                where user_id = $1 and purpose = 'otp' and created_at > clock_timestamp() - interval '1 hour'
                order by created_at desc
                limit $2) recent`,
      [userId, maxPerHour],
      manager,
    );
    return { sent: row.sent, secondsSinceLast: row.sinceLast, secondsSinceOldest: row.sinceOldest };
  }

  // At most one unverified session per user (otp_sessions_one_active_idx): a new code replaces the old one.
  async replaceActive(userId: string, otpHash: string, expiresAt: Date, manager: EntityManager): Promise<{ id: string }> {
    await this.rows(`delete from otp_sessions where user_id = $1 and verified_at is null`, [userId], manager);
    const [row] = await this.rows<{ id: string }>(
      `insert into otp_sessions (user_id, otp_hash, expires_at)
       values ($1, $2, $3)
       returning id`,
      [userId, otpHash, expiresAt],
      manager,
    );
    return row;
  }

  async lockActive(userId: string, now: Date, manager: EntityManager): Promise<ActiveOtpSession | null> {
    const [row] = await this.rows<ActiveOtpSession>(
      `select id, otp_hash as "otpHash", attempts, expires_at <= $2 as expired
         from otp_sessions where user_id = $1 and verified_at is null
         for update`,
      [userId, now],
      manager,
    );
    return row ?? null;
  }

  async recordFailedAttempt(id: string, manager: EntityManager): Promise<void> {
    await this.rows(`update otp_sessions set attempts = attempts + 1 where id = $1`, [id], manager);
  }

  async markVerified(id: string, now: Date, manager: EntityManager): Promise<boolean> {
    const rows = await this.rows<{ id: string }>(
      `update otp_sessions set verified_at = $2 where id = $1 and verified_at is null returning id`,
      [id, now],
      manager,
    );
    return rows.length === 1;
  }

  // Expired unverified sessions, and verified ones past retention; one bounded batch.
  async deleteExpiredBatch(now: Date, retentionDays: number, limit: number, manager: EntityManager): Promise<number> {
    const rows = await this.rows<{ id: string }>(
      `delete from otp_sessions where id in (
         select id from otp_sessions
          where (verified_at is null and expires_at < $1)
             or (verified_at < $1::timestamptz - make_interval(days => $2::int))
          limit $3
       )
       returning id`,
      [now, retentionDays, limit],
      manager,
    );
    return rows.length;
  }
}
