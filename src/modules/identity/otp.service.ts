import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { constantTimeEqualHex, PhoneHasher } from '../../common/crypto';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config';
import { TransactionRunner } from '../../database';
import { OutboundSmsService } from '../conversation';
import { OtpRepository, type PendingDetails, type VerificationRow } from './otp.repository';
import { RegistrationSettings } from './registration/registration.settings';

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };
export type { PendingDetails, VerificationRow };

const HOUR_SECONDS = 3600;
const DIGEST_DOMAIN = 'otp';
const CODE_DOMAIN = 'otp-code';

// One-time codes: 6 digits, only their HMAC stored, compared in constant time. Codes and their
// hashes never reach a log line.
//
// A number has one code at a time (its active otp_sessions row). Every registration request that
// texts it gets its own verification (the `verificationId`) bound to that code: a second request
// while the code is live texts the same code again instead of replacing it, so a stranger's
// request never cancels the code the owner is typing. To text it again without storing it, the
// code is derived from the session's random id under the pepper (HMAC), like the stored hash:
// without the pepper, the database holds nothing that yields a code.
@Injectable()
export class OtpService {
  private readonly log = new Logger('OtpService');
  // Compared against when there is no verification, so that case costs the same as a wrong code.
  private readonly decoyHash: string;

  constructor(
    private readonly otp: OtpRepository,
    private readonly hasher: PhoneHasher,
    private readonly sms: OutboundSmsService,
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(RegistrationSettings) private readonly settings: RegistrationSettings,
  ) {
    this.decoyHash = hasher.digest(DIGEST_DOMAIN, 'decoy');
  }

  // 30 s between sends and 5 per hour per member (defaults), counted in PostgreSQL. The caller
  // holds the member's row lock, so concurrent requests on any instance see each other's sends.
  async checkThrottle(userId: string, manager: EntityManager): Promise<ThrottleDecision> {
    const { OTP_RESEND_INTERVAL_SECONDS: interval, OTP_MAX_SENDS_PER_HOUR: maxPerHour } = this.settings;
    const stats = await this.otp.sendStats(userId, maxPerHour, manager);
    const waits: number[] = [];
    if (stats.secondsSinceLast !== null && stats.secondsSinceLast < interval) waits.push(interval - stats.secondsSinceLast);
    if (stats.sent >= maxPerHour && stats.secondsSinceOldest !== null) waits.push(HOUR_SECONDS - stats.secondsSinceOldest);
    if (waits.length === 0) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits))) };
  }

  // A new verification of the member's number with these details, and the code texted inside the
  // caller's transaction: the live code again (its expiry unchanged), or a new one. Returns the
  // verificationId. Call with the member's row locked.
  async issueCode(userId: string, details: PendingDetails, correlationId: string, manager: EntityManager): Promise<string> {
    const now = this.clock.now();
    let session = await this.otp.findLiveSession(userId, now, manager);
    if (!session) {
      const id = randomUUID();
      const expiresAt = new Date(now.getTime() + this.settings.OTP_CODE_TTL_SECONDS * 1000);
      await this.otp.startSession(id, userId, this.codeHash(userId, this.codeOf(id)), expiresAt, manager);
      session = { id, expiresAt };
    }
    const verificationId = await this.otp.insertVerification(session.id, userId, details, manager);
    const validFor = Math.max(1, Math.ceil((session.expiresAt.getTime() - now.getTime()) / 1000));
    await this.sms.enqueue({
      userId,
      body: otpCodeText(this.codeOf(session.id), validFor, this.config.publicBaseUrl),
      purpose: 'otp',
      idempotencyKey: `otp:${verificationId}`,
      correlationId,
      validForSeconds: validFor,
      manager,
    });
    return verificationId;
  }

  // The same statements on every path short of success (unknown id, wrong code, expired, used,
  // too many tries, a member no longer unverified): one locking read, the hash comparison, one
  // counting update. Nothing about a verification can be told from how long its refusal took.
  // Returns the verification on a match.
  async check(verificationId: string, code: string, eligible: boolean, manager: EntityManager): Promise<VerificationRow | null> {
    const now = this.clock.now();
    const v = await this.otp.lockVerification(verificationId, now, manager);
    const matches = constantTimeEqualHex(this.codeHash(v?.userId ?? 'decoy', code), v?.otpHash ?? this.decoyHash);
    if (!v || !eligible || !v.live || v.attempts >= this.settings.OTP_MAX_ATTEMPTS || !matches) {
      await this.otp.countFailedAttempt(verificationId, this.settings.OTP_MAX_ATTEMPTS, manager);
      return null;
    }
    return (await this.otp.markVerified(v.otpSessionId, now, manager)) ? v : null;
  }

  // Hourly sweep: deletes expired sessions in bounded batches; one instance at a time.
  async sweepExpiredSessions(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const n = await this.tx.runExclusive('sweep:otp-sessions', (m) =>
        this.otp.deleteExpiredBatch(this.clock.now(), this.settings.OTP_SESSION_RETENTION_DAYS, this.settings.OTP_SWEEP_BATCH_SIZE, m),
      );
      if (n === undefined) break; // another instance is sweeping
      deleted += n;
      if (n < this.settings.OTP_SWEEP_BATCH_SIZE) break;
    }
    if (deleted > 0) this.log.log({ msg: 'expired OTP sessions deleted', deleted });
    return deleted;
  }

  private codeHash(userId: string, code: string): string {
    return this.hasher.digest(DIGEST_DOMAIN, `${userId}:${code}`);
  }

  // 48 bits of the HMAC, reduced to 6 digits (bias below 1e-8).
  private codeOf(sessionId: string): string {
    const n = Number.parseInt(this.hasher.digest(CODE_DOMAIN, sessionId).slice(0, 12), 16);
    return String(n % 1_000_000).padStart(6, '0');
  }
}

// The OTP SMS, with the WebOTP line (`@host #code`) browsers read to fill the code in.
export function otpCodeText(code: string, validForSeconds: number, publicBaseUrl: string): string {
  const host = new URL(publicBaseUrl).hostname;
  const minutes = Math.max(1, Math.ceil(validForSeconds / 60));
  return `Your JOSH code is ${code}. It expires in ${minutes} minute${minutes === 1 ? '' : 's'}. Never share it.\n\n@${host} #${code}`;
}
