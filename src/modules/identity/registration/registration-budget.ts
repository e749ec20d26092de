import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RateLimitedError, RateLimiter } from '../../../common/rate-limit';
import { RegistrationError, RegistrationErrorCode } from './registration.errors';
import { RegistrationSettings } from './registration.settings';

const DAY_SECONDS = 86_400;
const HOUR_SECONDS = 3_600;
const DAILY_KEY = 'otp:daily';

// The service-wide limits of the registration endpoints, counted in PostgreSQL (RateLimiter) so
// they hold across instances. Each trip logs one ERROR line per window with a stable `alert`
// code, whatever the number of requests it refuses (the SMS-pumping and code-guessing alarms).
// (The per-IP limit of POST /v1/registrations itself is @IpRateLimit('registration').)
@Injectable()
export class RegistrationBudget {
  private readonly log = new Logger('RegistrationBudget');

  constructor(
    private readonly limiter: RateLimiter,
    @Inject(RegistrationSettings) private readonly settings: RegistrationSettings,
  ) {}

  // One registration SMS out of the day's OTP_DAILY_BUDGET (a UTC day). Counted in the caller's
  // transaction, as its last statement: undone if it rolls back, and the counter row is held only
  // for the commit.
  async spendSms(manager: EntityManager): Promise<void> {
    const budget = this.settings.OTP_DAILY_BUDGET;
    const d = await this.limiter.consume(DAILY_KEY, budget, DAY_SECONDS, manager);
    if (d.allowed) return;
    if (await this.limiter.once(DAILY_KEY, DAY_SECONDS)) {
      this.log.error({ msg: 'daily OTP budget spent: registrations paused until the next UTC day', alert: 'otp_daily_budget_exhausted', budget });
    }
    throw new RegistrationError(RegistrationErrorCode.Paused, 'Sign-ups are paused for today. Please try again tomorrow.', {
      retryAfterSeconds: d.retryAfterSeconds,
    });
  }

  // Wrong codes per client IP in any hour, claimed before the check (so concurrent guesses cannot
  // pass the limit together) and given back when the code was right (refund).
  async claimVerifyAttempt(clientDigest: string): Promise<void> {
    const key = this.attemptKey(clientDigest);
    const limit = this.settings.OTP_MAX_WRONG_CODES_PER_IP_PER_HOUR;
    const d = await this.limiter.consume(key, limit, HOUR_SECONDS, undefined, { window: 'sliding' });
    if (d.allowed) return;
    if (await this.limiter.once(key, HOUR_SECONDS)) {
      this.log.error({ msg: 'too many wrong codes from one client', alert: 'otp_wrong_codes_per_ip_exhausted', limit, client: clientDigest.slice(0, 12) });
    }
    throw new RateLimitedError(d.retryAfterSeconds);
  }

  async refundVerifyAttempt(clientDigest: string): Promise<void> {
    await this.limiter.release(this.attemptKey(clientDigest), HOUR_SECONDS);
  }

  private attemptKey(clientDigest: string): string {
    return `otp:wrong-codes:ip:${clientDigest}`;
  }
}
