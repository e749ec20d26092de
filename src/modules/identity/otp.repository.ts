import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface OtpSendStats {
  // OTP sends in the last hour, counted up to the hourly limit.
  sent: number;
  secondsSinceLast: number | null;
  // Age of the oldest of those counted sends: the hourly window frees up when it reaches an hour.
  secondsSinceOldest: number | null;
}

export interface LiveOtpSession {
  id: string;
  expiresAt: Date;
}

// What a registration request gave, kept with its verification until it succeeds.
export interface PendingDetails {
  firstName: string;
  lastName: string;
  birthday: string; // YYYY-MM-DD
  email: string | null;
  postalCode: string;
  postalCountry: string;
}

// A verification as the check reads it, with its session's code hash.
export interface VerificationRow extends PendingDetails {
  id: string;
  userId: string;
  otpSessionId: string;
  otpHash: string;
  attempts: number;
  // The code is neither expired nor used.
  live: boolean;
}

// The postgres driver answers UPDATE/DELETE with [rows, count] and everything else with rows.
function rowsOf<T>(raw: unknown): T[] {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[0] as T[];
  return raw as T[];
}

// otp_sessions, registration_verifications and the OTP send history. Session times come from the
// app Clock (tests move it instead of sleeping).
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

  // The member's unverified, unexpired session (at most one: otp_sessions_one_active_idx).
  async findLiveSession(userId: string, now: Date, manager: EntityManager): Promise<LiveOtpSession | null> {
    const [row] = await this.rows<LiveOtpSession>(
      `select id, expires_at as "expiresAt" from otp_sessions where user_id = $1 and verified_at is null and expires_at > $2`,
      [userId, now],
      manager,
    );
    return row ?? null;
  }

  // A new session once the last one expired (its leftovers, and their verifications, go).
  async startSession(id: string, userId: string, otpHash: string, expiresAt: Date, manager: EntityManager): Promise<void> {
    await this.rows(`delete from otp_sessions where user_id = $1 and verified_at is null`, [userId], manager);
    await this.rows(`insert into otp_sessions (id, user_id, otp_hash, expires_at) values ($1, $2, $3, $4)`, [id, userId, otpHash, expiresAt], manager);
  }

  // The verificationId is the row's random id (gen_random_uuid: 122 random bits).
  async insertVerification(sessionId: string, userId: string, d: PendingDetails, manager: EntityManager): Promise<string> {
    const [row] = await this.rows<{ id: string }>(
      `insert into registration_verifications (otp_session_id, user_id, first_name, last_name, birthday, email, postal_code, postal_country)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       returning id`,
      [sessionId, userId, d.firstName, d.lastName, d.birthday, d.email, d.postalCode, d.postalCountry],
      manager,
    );
    return row.id;
  }

  // Locks the verification (an unknown id simply finds nothing, with the same statement).
  async lockVerification(verificationId: string, now: Date, manager: EntityManager): Promise<VerificationRow | null> {
    const [row] = await this.rows<VerificationRow>(
      `select v.id, v.user_id as "userId", v.otp_session_id as "otpSessionId", s.otp_hash as "otpHash", v.attempts,
              (s.expires_at > $2 and s.verified_at is null) as live,
              v.first_name as "firstName", v.last_name as "lastName", to_char(v.birthday, 'YYYY-MM-DD') as birthday,
              v.email, v.postal_code as "postalCode", v.postal_country as "postalCountry"
         from registration_verifications v join otp_sessions s on s.id = v.otp_session_id
        where v.id = $1
        for update of v`,
      [verificationId, now],
      manager,
    );
    return row ?? null;
  }

  // Every refused check runs this one statement, whatever the reason (an unknown id updates no row):
  // the wrong code counts against the verification up to `max` (its tries: once spent, every later
  // check is refused before the code is compared), and the session keeps the uncapped total for audit.
  async countFailedAttempt(verificationId: string, max: number, manager: EntityManager): Promise<void> {
    await this.rows(
      `with v as (
         update registration_verifications set attempts = least(attempts + 1, $2) where id = $1 returning otp_session_id
       )
       update otp_sessions set attempts = attempts + 1 where id = (select otp_session_id from v)`,
      [verificationId, max],
      manager,
    );
  }

  // The code is used. Every verification of it goes (the caller holds the one that succeeded: its
  // details move to `users`; the others' were superseded, possibly a stranger's). The session stays,
  // with verified_at and the total of wrong codes, until OTP_SESSION_RETENTION_DAYS.
  async markVerified(sessionId: string, now: Date, manager: EntityManager): Promise<boolean> {
    const rows = await this.rows<{ id: string }>(
      `with s as (
         update otp_sessions set verified_at = $2 where id = $1 and verified_at is null returning id
       ), gone as (
         delete from registration_verifications where otp_session_id = (select id from s)
       )
       select id from s`,
      [sessionId, now],
      manager,
    );
    return rows.length === 1;
  }

  // Expired unverified sessions, and verified ones past retention; one bounded batch. Their
  // verifications go with them (on delete cascade).
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
