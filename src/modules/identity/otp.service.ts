import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { constantTimeEqualHex, PhoneHasher } from '../../common/crypto';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config';
import { TransactionRunner } from '../../database';
import { OutboundSmsService } from '../conversation';
import { OtpRepository } from './otp.repository';
import { RegistrationSettings } from './registration/registration.settings';

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };
export type OtpCheck = 'verified' | 'invalid';

const HOUR_SECONDS = 3600;
const DIGEST_DOMAIN = 'otp';

// One-time codes: 6 digits from a CSPRNG, only their HMAC stored, compared in constant time.
// Codes and their hashes never reach a log line.
@Injectable()
export class OtpService {
  private readonly log = new Logger('OtpService');
  // Compared against when there is no session, so that case costs the same as a wrong code.
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

  // A fresh code replaces any pending one and is queued as an SMS inside the caller's transaction.
  async issueCode(userId: string, correlationId: string, manager: EntityManager): Promise<void> {
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    const ttl = this.settings.OTP_CODE_TTL_SECONDS;
    const expiresAt = new Date(this.clock.now().getTime() + ttl * 1000);
    const session = await this.otp.replaceActive(userId, this.codeHash(userId, code), expiresAt, manager);
    await this.sms.enqueue({
      userId,
      body: this.codeText(code, ttl),
      purpose: 'otp',
      idempotencyKey: `otp:${session.id}`,
      correlationId,
      validForSeconds: ttl,
      manager,
    });
  }

  // Consumes the pending code on a match. Wrong codes count; an expired or exhausted session
  // refuses even the right code. Every failure looks the same to the caller.
  async checkCode(userId: string, code: string, manager: EntityManager): Promise<OtpCheck> {
    const candidate = this.codeHash(userId, code);
    const session = await this.otp.lockActive(userId, this.clock.now(), manager);
    const matches = constantTimeEqualHex(candidate, session?.otpHash ?? this.decoyHash);
    if (!session || session.expired || session.attempts >= this.settings.OTP_MAX_ATTEMPTS) return 'invalid';
    if (!matches) {
      await this.otp.recordFailedAttempt(session.id, manager);
      return 'invalid';
    }
    return (await this.otp.markVerified(session.id, this.clock.now(), manager)) ? 'verified' : 'invalid';
  }

  // For numbers with no member: the same hashing and comparison work as a real check.
  checkDecoy(code: string): OtpCheck {
    constantTimeEqualHex(this.codeHash('decoy', code), this.decoyHash);
    return 'invalid';
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

  // The last line lets mobile browsers offer the code on the registration page (WebOTP).
  private codeText(code: string, ttlSeconds: number): string {
    return otpCodeText(code, ttlSeconds, this.config.publicBaseUrl);
  }
}

// The OTP SMS, with the WebOTP line (`@host #code`) browsers read to fill the code in.
export function otpCodeText(code: string, ttlSeconds: number, publicBaseUrl: string): string {
  const host = new URL(publicBaseUrl).hostname;
  const minutes = Math.round(ttlSeconds / 60);
  return `Your JOSH code is ${code}. It expires in ${minutes} minutes. Never share it.\n\n@${host} #${code}`;
}
