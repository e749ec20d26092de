import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

// Registration and OTP settings (documented in .env.example), validated at boot.
export class RegistrationSettings {
  // A code is valid this long after it is sent.
  @Type(() => Number) @IsInt() @Min(60) @Max(3600)
  OTP_CODE_TTL_SECONDS = 600;

  // Wrong codes allowed per code; then a new code is needed.
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
}
