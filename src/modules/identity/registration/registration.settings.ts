import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';

// Registration and OTP settings (documented in .env.example), validated at boot.
export class RegistrationSettings {
  // A code is valid this long after it is sent.
  @Type(() => Number) @IsInt() @Min(60) @Max(3600)
  OTP_CODE_TTL_SECONDS = 600;

  // Wrong codes allowed per verification (per registration request); then a new code is needed.
  @Type(() => Number) @IsInt() @Min(1) @Max(20)
  OTP_MAX_ATTEMPTS = 5;

  // Per number: at least this long between two sends, and at most OTP_MAX_SENDS_PER_HOUR in any hour.
  @Type(() => Number) @IsInt() @Min(0) @Max(3600)
  OTP_RESEND_INTERVAL_SECONDS = 30;

  @Type(() => Number) @IsInt() @Min(1) @Max(100)
  OTP_MAX_SENDS_PER_HOUR = 5;

  // Verified sessions are kept this long (audit), expired unverified ones are deleted by the hourly sweep.
  @Type(() => Number) @IsInt() @Min(1)
  OTP_SESSION_RETENTION_DAYS = 30;

  @Type(() => Number) @IsInt() @Min(1) @Max(100000)
  OTP_SWEEP_BATCH_SIZE = 1000;

  // Members must be at least this old on the day they register.
  @Type(() => Number) @IsInt() @Min(18) @Max(120)
  REGISTRATION_MIN_AGE_YEARS = 18;

  // ---- Abuse limits (issue 18) ----

  // The countries whose mobile numbers may register (ISO 3166 codes, comma-separated). Others get
  // a 422 before anything is written or texted (SMS pumping targets expensive destinations).
  @Matches(/^[A-Z]{2}(,[A-Z]{2})*$/, { message: 'REGISTRATION_COUNTRIES must be ISO country codes separated by commas, such as US or US,CA' })
  REGISTRATION_COUNTRIES = 'US';

  // Registration SMS (codes and "already registered" notices) the whole service may queue per UTC
  // day, counted in PostgreSQL across instances. When it runs out, registrations answer 503 and one
  // ERROR line (code otp_daily_budget_exhausted) is logged for the day.
  @Type(() => Number) @IsInt() @Min(1) @Max(10_000_000)
  OTP_DAILY_BUDGET = 5000;

  // Wrong codes allowed per client IP in any hour (a sliding window), across all verifications: then
  // 429 until it frees up. A right code is not counted.
  @Type(() => Number) @IsInt() @Min(1) @Max(100_000)
  OTP_MAX_WRONG_CODES_PER_IP_PER_HOUR = 20;

  // Unverified registrations with no code sent for this many days are purged by the token sweep.
  @Type(() => Number) @IsInt() @Min(1) @Max(365)
  REGISTRATION_UNVERIFIED_RETENTION_DAYS = 7;
}

export function registrationCountries(s: RegistrationSettings): string[] {
  return s.REGISTRATION_COUNTRIES.split(',');
}
